import { isIP } from "node:net";
import { hostname } from "node:os";

/**
 * Which Host headers the playground answers. A page on another site can make a browser send requests
 * to 127.0.0.1 through a domain name of its own that it later points there (DNS rebinding); such
 * requests carry that domain in the Host header, so answering only our own names stops them.
 */

/** Whether `host` (an address or name to listen on) is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/** Whether `host` listens on every interface (0.0.0.0, ::). */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return h === "" || h === "0.0.0.0" || h === "::" || h === "::0" || h === "0:0:0:0:0:0:0:0";
}

/** Splits a Host header into its name (brackets kept off IPv6) and port, or null if it is malformed. */
function parseHostHeader(header: string): { name: string; port: number | null } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!match) return null;
  return { name: match[1]!.toLowerCase().replace(/^\[|\]$/g, ""), port: match[2] === undefined ? null : Number(match[2]) };
}

/**
 * Whether a request's Host header names this server: 127.0.0.1, localhost, [::1] or the host it
 * listens on, with its port (or none for port 80). Bound to every interface (0.0.0.0), it also
 * answers any IP address and this machine's name: a rebinding page can only send its own domain.
 */
export function isAllowedHostHeader(header: string | undefined, listenHost: string, port: number): boolean {
  if (!header) return false;
  const parsed = parseHostHeader(header);
  if (!parsed || (parsed.port ?? 80) !== port) return false;
  const names = new Set(["127.0.0.1", "localhost", "::1", listenHost.toLowerCase().replace(/^\[|\]$/g, "")]);
  if (names.has(parsed.name)) return true;
  if (isWildcardHost(listenHost)) return isIP(parsed.name) !== 0 || parsed.name === hostname().toLowerCase();
  return false;
}
