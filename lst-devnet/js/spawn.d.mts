// Types of spawn.mjs, for the TypeScript suites.
/** The repository's root. */
export declare const repositoryRoot: string;
/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
/** The binary the suites run ($LST_DEVNET_BIN or target/debug/lst-devnet). */
export declare function devnetBinary(): string;
/** A running node. */
export interface SpawnedDevnet {
  url: string;
  port: number;
  registry: `0x${string}`;
  output: string;
  stop: () => void;
}
/** Starts `lst-devnet --port <free> ...args` and waits until it listens. */
export declare function spawnDevnet(args?: string[]): Promise<SpawnedDevnet>;
