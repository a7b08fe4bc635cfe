# The JVM options ./tombo starts the broker with, in one place: sourced by ./tombo and by bin/aot-cache.sh, whose
# training run must use the same options as the runs that use its cache.
#
#   . bin/jvm-opts.sh; tombo_jvm_opts "$JAVA_HOME" "$TOMBO_JAVA_OPTS"   # sets the array tombo_default_opts
#
# Why each option, and what it measured: README.md "JVM options", BENCHMARKS.md "Footprint". Bash, not sh.

# The AOT cache ./tombo uses for `tombo broker` on JDK 25+, next to the jar unless TOMBO_AOT_CACHE names another
# file ("off": none). Built by bin/aot-cache.sh (./mvnw package runs it).
tombo_aot_cache() { # jar
  local cache=${TOMBO_AOT_CACHE-}
  [[ -n $cache ]] || cache=${1%.jar}.aot
  printf '%s\n' "$cache"
}

# What a cache was trained with: the JDK (its home and exact build, from its release file, cheaper than running
# java -version at every start) and the options. ./tombo uses a cache only while its stamp matches; the JVM would
# refuse most mismatches anyway, but with errors on stdout.
tombo_aot_stamp() { # java_home, options...
  local home=$1; shift
  printf '%s %s\n%s\n' "$home" "$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$home/release" 2>/dev/null)" "$*"
}

tombo_jvm_opts() { # java_home, the user's TOMBO_JAVA_OPTS
  local home=$1 user_opts=${2-} major
  major=$(tombo_java_major "$home")
  #   --enable-native-access  Netty's epoll/io_uring natives; JDK 24+ warns without it
  #   -XX:+ExitOnOutOfMemoryError  die cleanly instead of limping on; systemd restarts the service
  #   -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30  a broker that went quiet
  #                           after a burst collects within 30 s and gives the heap back (measured: 493 -> 108 MiB)
  tombo_default_opts=(--enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError
    -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30)
  #   -Xms8m  start small: an idle broker should not reserve a large heap up front. The user's -Xms replaces it
  #           (an -Xmx below 8m would otherwise clash with it).
  [[ $user_opts == *-Xms* || $user_opts == *-XX:InitialHeapSize* ]] || tombo_default_opts+=(-Xms8m)
  #   -XX:TrimNativeHeapInterval=2000  give the memory the JIT compilers freed after start-up back to the OS;
  #           a product option from JDK 22 (some 21 updates have it, 21.0.0 does not)
  if (( major >= 22 )); then
    tombo_default_opts+=(-XX:TrimNativeHeapInterval=2000)
  fi
  #   --sun-misc-unsafe-memory-access=allow  (JDK 23+) Netty stops using sun.misc.Unsafe on JDK 25 unless allowed,
  #           and then allocates its direct memory through the FFM linker (150 more classes, ~3.5 MB idle RSS) and
  #           reaches its buffers through slower paths (measured: fan-in and fan-out QoS 0 up to 1.7x faster with it)
  if (( major >= 23 )); then
    tombo_default_opts+=(--sun-misc-unsafe-memory-access=allow)
  fi
  #   -XX:+UseCompactObjectHeaders  (JDK 25+) 8-byte object headers, a smaller heap for a broker's small objects
  if (( major >= 25 )); then
    tombo_default_opts+=(-XX:+UseCompactObjectHeaders)
  fi
}
