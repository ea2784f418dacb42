/** The host of `url` is a loopback address: a local test server standing in for a vendor's API. */
export function isLoopback(url: string): boolean {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
}
