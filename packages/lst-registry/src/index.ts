export * from "./abi.js";
export * from "./codes.js";
export * from "./constants.js";
export * from "./eip712.js";
export * from "./errors.js";
export * from "./reader.js";
export type * from "./types.js";
export * from "./tally.js";
export * from "./chain.js";
