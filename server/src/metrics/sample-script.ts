import { RemoteCommand } from '../ssh/command.js';

/**
 * The one command a sample costs: a fixed POSIX sh script, the same for every server. Nothing
 * a user typed is in it; its only argument says whether docker runs through `sudo -n`.
 *
 * Every line it prints starts with a tag (`@stat`, `@c`, `@cg`...), so the parser reads each
 * line alone and a damaged one costs only what it describes. /proc and the cgroup files are
 * world-readable, so only docker needs root.
 *
 * Per container: `docker inspect` gives the PID, whose /proc/<pid>/cgroup names the container's
 * cgroup. A v1 line names its controllers (`4:cpu,cpuacct:/docker/<id>`; the mount is
 * /sys/fs/cgroup/<controllers>, or the usual cpuacct link); on a hybrid host the `0::` line is
 * there too, so v1 is tried first. cgroup v2 is the unified tree under /sys/fs/cgroup.
 * Where neither can be read (hidepid, a rootless Engine), `docker stats --no-stream` answers
 * for all containers at once, still inside this same command.
 */

/**
 * Only fields every container has: a template that touches a missing key (`.State.Health` of a
 * container without a healthcheck) fails the whole `docker inspect`, every container with it.
 */
const INSPECT_FORMAT = '@c {{.Id}} {{.State.Pid}} {"name":{{json .Name}},"labels":{{json .Config.Labels}},"state":{{json .State}}}';

export const SAMPLE_SCRIPT = `D=docker
[ "$1" = sudo ] && D="sudo -n docker"
# where /proc/<pid> and the cgroup tree are: always the defaults on servers; the script's spec points them at test trees
P=\${2:-/proc} C=\${3:-/sys/fs/cgroup}
# printf, never echo, for text read in: dash's echo turns the \\n of JSON strings into newlines
say() { printf '%s %s\\n' "$1" "$2"; }
say @otn 1
read -r l < /proc/stat && say @stat "$l"
read -r l < /proc/uptime && say @uptime "$l"
while read -r k v _; do
  case "$k" in MemTotal:|MemAvailable:) say @mem "$k $v";; esac
done < /proc/meminfo
read -r l < /proc/loadavg && say @load "$l"
say @nproc "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)"
# docker info exits 0 even when the daemon refuses us: only a path is an answer
R=$($D info --format '{{.DockerRootDir}}' 2>/dev/null)
case "$R" in /*) say @root "$R"; df -Pk "$R" 2>/dev/null | while read -r l; do say @df "$l"; done;; esac
ids=$($D ps -q 2>&1) || { printf '%s\\n' "$ids" | while read -r l; do say @docker-error "$l"; done; ids=; }
if [ -n "$ids" ]; then
  I=$($D inspect --type container --format '${INSPECT_FORMAT}' $ids 2>&1)
  need=
  while read -r tag id pid rest; do
    [ "$tag" = @c ] || { [ -n "$tag" ] && say @docker-error "$tag $id $pid $rest"; continue; }
    say @c "$id $pid $rest"
    c1= m1= u2=
    if [ -r "$P/$pid/cgroup" ]; then
      while IFS=: read -r h ctl p; do
        case ",$ctl," in *,cpuacct,*) c1="$ctl:$p";; esac
        case ",$ctl," in *,memory,*) m1=$p;; esac
        [ "$h" = 0 ] && u2=$p
      done < "$P/$pid/cgroup"
    fi
    out=
    if [ -n "$c1" ] && [ -n "$m1" ]; then
      cp=\${c1#*:}
      for cd in "$C/\${c1%%:*}$cp" "$C/cpuacct$cp" "$C/cpu,cpuacct$cp"; do
        [ -r "$cd/cpuacct.usage" ] && break
      done
      md=$C/memory$m1
      if read -r cu < "$cd/cpuacct.usage" && read -r mu < "$md/memory.usage_in_bytes"; then
        ina=0
        [ -r "$md/memory.stat" ] && while read -r k v; do [ "$k" = total_inactive_file ] && ina=$v; done < "$md/memory.stat"
        out="cgroup1 $cu $mu $ina"
      fi
    fi 2>/dev/null
    if [ -z "$out" ] && [ -n "$u2" ]; then
      d=$C$u2
      cu=
      [ -r "$d/cpu.stat" ] && while read -r k v; do [ "$k" = usage_usec ] && cu=$v; done < "$d/cpu.stat"
      if [ -n "$cu" ] && read -r mu < "$d/memory.current"; then
        ina=0
        [ -r "$d/memory.stat" ] && while read -r k v; do [ "$k" = inactive_file ] && ina=$v; done < "$d/memory.stat"
        out="cgroup2 $cu $mu $ina"
      fi
    fi 2>/dev/null
    [ -n "$out" ] || { out=none; need=1; }
    say @cg "$id $out"
  done <<EOF
$I
EOF
  [ -n "$need" ] && $D stats --no-stream --format '{{json .}}' 2>/dev/null | while read -r l; do say @stats "$l"; done
fi
say @end .
`;

/** The sampling command for one server: `sh -c SCRIPT otn-sample [sudo]`. */
export function sampleCommand(sudo: boolean): RemoteCommand {
  return new RemoteCommand(['sh', '-c', SAMPLE_SCRIPT, 'otn-sample', ...(sudo ? ['sudo'] : [])]);
}
