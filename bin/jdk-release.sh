# Sourced by bin/find-jdk and bin/hsu (bash): reads a JDK's release file with shell builtins,
# because the launcher runs before every hsu command and each sed/head it forks costs ~1 ms.

# jdk_release_major HOME: prints the feature version in HOME/release (21 for "21.0.4", 8 for
# "1.8.0_392"); prints nothing and fails when there is no readable JAVA_VERSION line.
jdk_release_major() {
  local line v=
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;;
    esac
  done <"$1/release"
  case $v in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}
  [ -n "$v" ] && echo "$v"
}
