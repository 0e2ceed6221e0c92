# Finding a JDK >= 21, shared by ./mosaic and ./run-tests (sourced, not run).

java_major() { # prints the major version of the JDK at $1, or nothing
  local home="$1" v="" line
  if [ -f "$home/release" ]; then
    # bash's own read, not sed: the launcher calls this for every JDK on the machine at every start
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"[0-9]*) v="${line#JAVA_VERSION=\"}"; v="${v%%[!0-9]*}"; break ;;
      esac
    done <"$home/release"
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  fi
  echo "$v"
}

find_jdk() { # the newest JDK >= 21 with javac: JAVA_HOME first, then /usr/lib/jvm, then the java on PATH
  local best="" best_v=0 c v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$c" ] && candidates+=("$c"); done
  local javac # .../bin/javac -> ... with bash's own expansions rather than two dirname processes
  if javac="$(command -v javac)" && javac="$(readlink -f "$javac")"; then
    javac="${javac%/*}"
    candidates+=("${javac%/*}")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v="$(java_major "$c")"
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  echo "$best"
}

