// JVM flags for the short-lived JVMs tests start (ZooKeeper servers, Apache BookKeeper's client
// driver and tools, Maven): the client compiler only (C1) and the serial collector. Their work is
// mostly start-up — class loading and warming up — where C2's compiler threads and G1's
// bookkeeping cost CPU the two shared cores are short of, and a test's light load never needs C2's
// code. Java bookies keep the JVM's defaults: benchmarks compare them with Quire's.
export const SHORT_JVM_FLAGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** `env` with SHORT_JVM_FLAGS added to MAVEN_OPTS, for the Maven builds tests run. */
export function withShortJvmMaven(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MAVEN_OPTS: [env.MAVEN_OPTS ?? '', ...SHORT_JVM_FLAGS].filter(Boolean).join(' ') };
}
