// The Node versions the project supports, and quiet from the AWS SDK about them. The SDK warns, in
// eight lines on every command, that its releases from 2027 need Node 22; Node 20.19 is one we
// support (Lambda itself runs Node 22), so on it that warning is noise. On a Node we do not support,
// the SDK's warning stays: it is then the truth.

/** package.json's engines.node says the same (a test holds the two together). */
export const SUPPORTED_NODE = '^20.19.0 || ^22.13.0 || >=24';

/** The AWS SDK reads this once, when the first client is made. */
export const SDK_NODE_WARNING_VARIABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

type Version = [number, number, number];

const parse = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10));
  return [major, minor, patch];
};

const atLeast = (version: Version, floor: Version): boolean => {
  for (let at = 0; at < 3; at += 1) if (version[at] !== floor[at]) return version[at] > floor[at];
  return true;
};

/** True if `version` (as process.version, "v20.19.2") is in SUPPORTED_NODE; only ^x.y.z and >=x.y.z alternatives. */
export function isSupportedNode(version: string, supported = SUPPORTED_NODE): boolean {
  const running = parse(version);
  return supported.split('||').some((alternative) => {
    const range = alternative.trim();
    if (range.startsWith('>=')) return atLeast(running, parse(range.slice(2)));
    if (range.startsWith('^')) {
      const floor = parse(range.slice(1));
      return running[0] === floor[0] && atLeast(running, floor);
    }
    throw new Error(`SUPPORTED_NODE: "${range}" is neither ^x.y.z nor >=x.y.z`);
  });
}

/** The environment that silences the SDK's warning on a supported Node; empty on any other. */
export function sdkNodeWarningEnv(version = process.version): Record<string, string> {
  return isSupportedNode(version) ? { [SDK_NODE_WARNING_VARIABLE]: 'true' } : {};
}

/** For a command's entry point, before any client is made: a setting the user made stays theirs. */
export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env, version = process.version): void {
  for (const [name, value] of Object.entries(sdkNodeWarningEnv(version))) env[name] ??= value;
}
