#!/usr/bin/env bash
# Runs the JMH benchmarks of src/test/java/dev/junction/bench (JSON translation hot paths).
# Usage: bench/jmh.sh [JMH options], e.g. bench/jmh.sh -f 1 -wi 2 -i 3 'OpenAiTranslation.*stream'
#        bench/jmh.sh -prof gc          (allocation per operation)
# Builds the test classes (offline), resolves the test class path once into target/jmh.classpath,
# then runs org.openjdk.jmh.Main. Results: stdout, and target/jmh-result.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -o -B test-compile
if [[ ! -s target/jmh.classpath || pom.xml -nt target/jmh.classpath ]]; then
  # offline first; the dependency plugin's own dependencies may need one online resolution
  args=(dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath)
  ./mvnw -q -o -B "${args[@]}" >/dev/null 2>&1 || ./mvnw -q -B "${args[@]}" >/dev/null
fi
cp="target/test-classes:target/classes:$(cat target/jmh.classpath)"
exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
