# Shared by bin/flowstream and bin/test: where the project is, which JDK and Maven to use.
# shellcheck shell=bash

FLOWSTREAM_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FLOWSTREAM_HOME

# Java 22 or newer (the PM runtime's packet I/O uses java.lang.foreign, final in 22). Temurin 25 is preferred;
# the system default java may be older.
pick_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-22-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && java_is_recent "$candidate/bin/java"; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "flowstream: needs a JDK 22 or newer (Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 is preferred); set JAVA_HOME" >&2
    return 1
}

java_is_recent() {
    local version
    version=$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    [ -n "$version" ] && [ "$version" -ge 22 ]
}

# Maven prints warnings about its own use of sun.misc.Unsafe on new JDKs; they are not ours.
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

# Installs Debian packages that are missing (only as root; otherwise says what to install).
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "flowstream: please install: ${missing[*]} (as root: apt-get install ${missing[*]})" >&2
        return 1
    fi
    echo "flowstream: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
