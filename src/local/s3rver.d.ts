// The part of s3rver 3.7.1's API (a Koa application) that src/local/s3-server.ts uses.
// see: node_modules/s3rver/README.md ("Programmatically running s3rver")
declare module 's3rver' {
  import type { IncomingMessage, Server } from 'node:http';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }

  /** A Koa context, reduced to what a middleware in front of s3rver touches. */
  interface S3rverContext {
    req: IncomingMessage | NodeJS.ReadableStream;
    request: { req: IncomingMessage };
  }

  type Middleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  class S3rver {
    constructor(options?: S3rverOptions);
    /** Koa's middleware stack, composed when the server starts listening. */
    middleware: Middleware[];
    /** Creates the configured buckets (kept if they exist); s3rver's run() does this, then listens. */
    configureBuckets(): Promise<void>;
    /** Starts listening; with a callback it returns the server at once (errors arrive as its 'error' events). */
    listen(port: number, host: string, onListening: () => void): Server;
    close(): Promise<void>;
    on(event: 'event', listener: (event: { Records: unknown[] }) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  export = S3rver;
}
