# Finds a JDK 21 or newer and exports JAVA_HOME (and puts its bin/ first on PATH).
#
# Sourced, not executed, by ./mvnw, ./tombo and .ci/run:  . bin/find-java.sh
# It is POSIX sh because ./mvnw is a /bin/sh script. It is safe under `set -euf`.
#
# Order: $JAVA_HOME if it is a JDK >= 21; then the `java` on PATH; then the newest JDK >= 21
# under /usr/lib/jvm (Debian, Temurin packages) or /opt/java (Temurin container images).
# Found nothing: prints one line saying what to install and exits 1 (which ends the caller).
# TOMBO_MIN_JAVA overrides the minimum feature release, for testing the script itself.

# Prints the feature release (21 for "21.0.4", 8 for "1.8.0_412") of the JDK at $1, or nothing.
tombo_java_major() {
  _tj_home=$1 _tj_version=
  [ -x "$_tj_home/bin/java" ] && [ -x "$_tj_home/bin/javac" ] || return 0
  if [ -r "$_tj_home/release" ]; then
    _tj_version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$_tj_home/release")
  fi
  if [ -z "$_tj_version" ]; then
    _tj_version=$("$_tj_home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case $_tj_version in
  1.*) _tj_version=${_tj_version#1.} ;;
  esac
  _tj_version=${_tj_version%%[!0-9]*}
  [ -z "$_tj_version" ] || printf '%s\n' "$_tj_version"
}

# Succeeds if $1 is the home of a JDK (java and javac) whose feature release is at least the minimum.
tombo_is_usable_jdk() {
  _tu_major=$(tombo_java_major "$1")
  [ -n "$_tu_major" ] && [ "$_tu_major" -ge "${TOMBO_MIN_JAVA:-21}" ]
}

tombo_find_java() {
  if [ -n "${JAVA_HOME-}" ] && tombo_is_usable_jdk "$JAVA_HOME"; then
    return 0
  fi

  # `java` on PATH, usually /usr/bin/java -> /etc/alternatives/java -> <home>/bin/java.
  _tf_java=$(command -v java 2>/dev/null || :)
  if [ -n "$_tf_java" ]; then
    _tf_home=$(readlink -f "$_tf_java" 2>/dev/null || printf '%s' "$_tf_java")
    _tf_home=${_tf_home%/bin/java}
    if tombo_is_usable_jdk "$_tf_home"; then
      JAVA_HOME=$_tf_home
      return 0
    fi
  fi

  # Newest JDK in the usual places. Globbing may be off (mvnw runs `set -f`): switch it on here.
  case $- in *f*) _tf_noglob=1 ;; *) _tf_noglob= ;; esac
  set +f
  _tf_best= _tf_best_major=0
  for _tf_home in /usr/lib/jvm/* /opt/java/*; do
    [ -d "$_tf_home" ] || continue
    _tf_major=$(tombo_java_major "$_tf_home")
    if [ -n "$_tf_major" ] && [ "$_tf_major" -gt "$_tf_best_major" ]; then
      _tf_best=$_tf_home _tf_best_major=$_tf_major
    fi
  done
  [ -z "$_tf_noglob" ] || set -f
  if [ -n "$_tf_best" ] && [ "$_tf_best_major" -ge "${TOMBO_MIN_JAVA:-21}" ]; then
    JAVA_HOME=$_tf_best
    return 0
  fi
  return 1
}

if tombo_find_java; then
  export JAVA_HOME
  PATH="$JAVA_HOME/bin:$PATH"
  export PATH
else
  echo "Tombo needs JDK 21 or newer. Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, or set JAVA_HOME." >&2
  exit 1
fi
