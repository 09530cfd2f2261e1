// What the page's browser tests share: Debian's chromium driven by playwright-core, a page
// that records its console errors, a fake EIP-1193 wallet, and a static server for dist/
// on another origin (the page against an RPC given in its URL).
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** The page's package directory. */
export const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** The chromium flags the issue asks for. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Debian's chromium ($CHROMIUM_BIN or /usr/bin/chromium), headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A fake injected wallet: forwards to the node (whose development accounts are unlocked). */
export interface FakeWallet {
  rpc: string;
  account: string;
  /** What eth_chainId answers, hex. */
  chainId: string;
}

/** A page in a fresh context, with its console errors and page errors collected. */
export interface OpenedPage {
  page: Page;
  errors: string[];
  close: () => Promise<void>;
}

/** Opens `url`, with `wallet` injected as window.ethereum if given. */
export async function openPage(browser: Browser, url: string, wallet?: FakeWallet): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  if (wallet) {
    await page.addInitScript((w: FakeWallet) => {
      const requests: string[] = [];
      (window as unknown as { __walletRequests: string[] }).__walletRequests = requests;
      (window as unknown as { ethereum: unknown }).ethereum = {
        async request({ method, params }: { method: string; params?: unknown[] }) {
          requests.push(method);
          if (method === "eth_chainId") return w.chainId;
          if (method === "eth_requestAccounts" || method === "eth_accounts") return [w.account];
          const response = await fetch(w.rpc, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
          });
          const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
          if (body.error) throw Object.assign(new Error(body.error.message), body.error);
          return body.result;
        },
        on() {},
        removeListener() {},
      };
    }, wallet);
  }
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** The JSON-RPC methods the fake wallet was asked for. */
export function walletRequests(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __walletRequests?: string[] }).__walletRequests ?? []);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Serves `dir` on a free port with a strict CSP (as lst-devnet does); its origin and a stop. */
export async function serveStatic(dir: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "") || "index.html";
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "content-security-policy": "default-src 'self'; connect-src http: https: ws: wss:; img-src 'self' data:",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
