#!/usr/bin/env bash
# Locks a Debian 12 (or Ubuntu 22.04+) machine down as an appliance kiosk: the kiosk user, the app
# (the AppImage, in a folder of the kiosk user's so that the kiosk can update it), the systemd unit
# that runs it under cage on tty1, udev, logind, sysctl and kernel settings, the keyring secret, and
# kiosk-doctor. Safe to run again: what is already right is left alone, the two files a store owns
# (kiosk.env, keyring.secret) are created once and never overwritten, and an installed AppImage,
# which the kiosk replaces by itself with the releases HQ offers, is only replaced when asked to.
#
#   sudo bash provision.sh --appimage FILE  # this machine, installing the app from FILE
#   sudo bash provision.sh                  # this machine, keeping the app it has
#   sudo bash provision.sh --dry-run ...    # print what it would do, change nothing
#   sudo bash provision.sh --root /mnt/img  # write into another root (an image being prepared):
#                                           # no packages, no live reloads
# See native-config/README.md.
set -euo pipefail

readonly KIOSK_USER=kiosk
readonly KIOSK_HOME=/home/kiosk
readonly UNIT=appliance-kiosk.service
# The data folder (the unit's StateDirectory=) and the app in it, in a folder of its own. The file
# name carries no version: electron-updater then keeps the name when it puts a new release there.
readonly DATA_DIR=/var/lib/appliance-kiosk
readonly APP_DIR=$DATA_DIR/app
readonly APP=$APP_DIR/Appliance-Kiosk.AppImage
# Where the .deb puts its copy (for machines updated with apt, outside this lock-down).
readonly DEB_APP='/opt/Appliance Kiosk/appliance-kiosk'
readonly PACKAGES=(cage gnome-keyring dbus libsecret-1-0 curl)
readonly SLEEP_TARGETS=(sleep.target suspend.target hibernate.target hybrid-sleep.target suspend-then-hibernate.target)
# source file in this folder | where it goes | mode
readonly FILES=(
  "appliance-kiosk.service|/etc/systemd/system/$UNIT|0644"
  "appliance-kiosk.pam|/etc/pam.d/appliance-kiosk|0644"
  "70-appliance-kiosk.rules|/etc/udev/rules.d/70-appliance-kiosk.rules|0644"
  "logind-appliance-kiosk.conf|/etc/systemd/logind.conf.d/appliance-kiosk.conf|0644"
  "sysctl-appliance-kiosk.conf|/etc/sysctl.d/60-appliance-kiosk.conf|0644"
  "grub-appliance-kiosk.cfg|/etc/default/grub.d/appliance-kiosk.cfg|0644"
  "kiosk-session|/usr/local/lib/appliance-kiosk/kiosk-session|0755"
  "kiosk-doctor|/usr/local/sbin/kiosk-doctor|0755"
  "../README.md|/usr/local/share/doc/appliance-kiosk/README.md|0644"
)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=/
dry_run=0
packages=1
appimage=''
replace_app=0

usage() {
  cat <<EOF
usage: provision.sh [--appimage FILE [--replace-app]] [--dry-run] [--root DIR] [--no-packages]
  --appimage FILE  the kiosk app (release/appliance-kiosk_<version>_x86_64.AppImage): installed as
                   $APP when none is there; one with the same content is left alone
  --replace-app    also replace an installed AppImage that differs from FILE (without it, that one
                   is kept: it may be a newer release the kiosk has updated itself to)
  --dry-run        print what would change, change nothing (needs no root)
  --root DIR       provision the tree under DIR instead of this machine (implies --no-packages)
  --no-packages    do not apt-get install ${PACKAGES[*]}
EOF
}

while (($#)); do
  case $1 in
    --dry-run | -n) dry_run=1 ;;
    --root | --appimage)
      [[ $# -ge 2 && -n $2 ]] || { usage >&2; exit 2; }
      if [[ $1 == --root ]]; then root=$2; else appimage=$2; fi
      shift
      ;;
    --root=*) root=${1#--root=} ;;
    --appimage=*) appimage=${1#--appimage=} ;;
    --replace-app) replace_app=1 ;;
    --no-packages) packages=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "provision.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if ((replace_app)) && [[ -z $appimage ]]; then
  echo "provision.sh: --replace-app replaces the app with the one --appimage names: give both" >&2
  exit 2
fi
if ((EUID != 0 && !dry_run)); then
  echo "provision.sh: must run as root (sudo bash provision.sh), or with --dry-run to see what it would do" >&2
  exit 1
fi
root=${root%/}
[[ -z $root ]] && root=/
live=0
[[ $root == / ]] && live=1
prefix=''
((live)) || prefix=$root
((live)) || packages=0
if [[ ! -f $prefix/etc/passwd || ! -f $prefix/etc/group ]]; then
  echo "provision.sh: $root has no etc/passwd or etc/group: not a system root" >&2
  exit 1
fi
# An AppImage is an ELF executable (its runtime) with the app appended: this turns away the .deb, or
# a page of HTML saved in its place, before anything is changed.
if [[ -n $appimage ]]; then
  if [[ ! -f $appimage || ! -r $appimage ]]; then
    echo "provision.sh: --appimage $appimage: no such file" >&2
    exit 1
  fi
  if [[ $(od -An -tx1 -N4 -- "$appimage" | tr -d ' \n') != 7f454c46 ]]; then
    echo "provision.sh: --appimage $appimage is not an AppImage (the build's release/*.AppImage; the .deb is not for this lock-down)" >&2
    exit 1
  fi
  appimage=$(readlink -f -- "$appimage")
fi

say() { printf 'provision: %s\n' "$*"; }
run() {
  if ((dry_run)); then
    printf 'provision: would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}
# systemctl and the shadow tools work on files under another root with these options.
systemctl_root=()
shadow_root=()
if ((!live)); then
  systemctl_root=(--root="$prefix")
  shadow_root=(--prefix "$prefix")
fi

install_file() {
  local src=$here/$1 dest=$2 mode=$3
  if [[ -f $prefix$dest ]] && cmp -s "$src" "$prefix$dest" && [[ $(stat -c %a "$prefix$dest") == "${mode#0}" ]]; then
    say "unchanged $dest"
    return
  fi
  run install -D -m "$mode" "$src" "$prefix$dest"
  ((dry_run)) || say "installed $dest"
}

# 1. Packages: cage, the keyring the app seals its keys with, the session bus, curl for kiosk-doctor.
if ((packages)); then
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
else
  say "skipped packages (install ${PACKAGES[*]} yourself)"
fi

# 2. The kiosk user: a system account with no password and no shell, in the groups that own the
#    camera (video), the touchscreen (input) and the GPU's render node (render).
if grep -q "^$KIOSK_USER:" "$prefix/etc/passwd"; then
  say "user $KIOSK_USER exists"
else
  run useradd "${shadow_root[@]}" --system --user-group --create-home --home-dir "$KIOSK_HOME" \
    --shell /usr/sbin/nologin --comment 'Appliance kiosk' "$KIOSK_USER"
  ((dry_run)) || say "created user $KIOSK_USER"
fi
groups=()
for group in video input render; do
  if grep -q "^$group:" "$prefix/etc/group"; then groups+=("$group"); fi
done
if ((${#groups[@]})); then
  run usermod "${shadow_root[@]}" --append --groups "$(IFS=,; echo "${groups[*]}")" "$KIOSK_USER"
fi
# The unit makes the home writable (ReadWritePaths=) and refuses to start without it; the keyring
# file lives there, so nobody else may read it.
if uid_gid=$(awk -F: -v u="$KIOSK_USER" '$1 == u { print $3 ":" $4 }' "$prefix/etc/passwd") && [[ -n $uid_gid ]]; then
  run install -d -m 0700 -o "${uid_gid%:*}" -g "${uid_gid#*:}" "$prefix$KIOSK_HOME"
elif ((dry_run)); then
  say "would create $KIOSK_HOME (mode 0700, owned by $KIOSK_USER)"
fi

# 3. The files.
for entry in "${FILES[@]}"; do
  IFS='|' read -r src dest mode <<<"$entry"
  install_file "$src" "$dest" "$mode"
done

# 4. The app: the AppImage, owned by the kiosk user in a folder of its own inside the data folder (the
#    unit's StateDirectory=, which stays writable under ProtectSystem=strict). electron-updater
#    replaces that file with each release HQ offers, and the kiosk copies the previous one back to
#    go back, with no privilege. So the file here may be newer than any you have: it is replaced
#    only with --replace-app. Root never runs it, and, as the kiosk user may change anything in the
#    data folder, writes there only by renaming a file it made elsewhere into place.
stage=''
trap 'if [[ -n $stage ]]; then rm -rf -- "$stage"; fi' EXIT
install_app() {
  local uid gid dest=$prefix$APP
  if [[ -z $uid_gid ]]; then
    if [[ -n $appimage ]]; then say "would install $APP from $appimage (owned by $KIOSK_USER, mode 0755)"; fi
    return
  fi
  uid=${uid_gid%:*} gid=${uid_gid#*:}
  # What systemd makes of StateDirectory= at the first start. /var/lib belongs to root, so this
  # folder cannot be swapped for a link underneath; app/ inside it could, and is only made new.
  if [[ ! -d $prefix$DATA_DIR || -L $prefix$DATA_DIR || $(stat -c '%u:%g %a' -- "$prefix$DATA_DIR") != "$uid:$gid 700" ]]; then
    run install -d -m 0700 -o "$uid" -g "$gid" "$prefix$DATA_DIR"
  fi
  if [[ -L $prefix$APP_DIR || (-e $prefix$APP_DIR && ! -d $prefix$APP_DIR) ]]; then
    say "WARNING: $APP_DIR is not a folder; left alone (remove it, then run provision.sh again)"
    return
  elif [[ ! -d $prefix$APP_DIR ]]; then
    run mkdir -m 0700 -- "$prefix$APP_DIR"
    run chown -h "$uid:$gid" -- "$prefix$APP_DIR"
  elif [[ $(stat -c '%u %a' -- "$prefix$APP_DIR") != "$uid 700" ]]; then
    say "WARNING: $APP_DIR is $(stat -c '%U:%G %a' -- "$prefix$APP_DIR"), not $KIOSK_USER's (0700): the kiosk cannot update itself (chown $KIOSK_USER: $APP_DIR; chmod 0700 $APP_DIR)"
  fi

  local right=0
  [[ -f $dest && ! -L $dest && $(stat -c '%u %a' -- "$dest") == "$uid 755" ]] && right=1
  if [[ -z $appimage ]]; then
    if [[ ! -e $dest && ! -L $dest ]]; then
      say "the kiosk app is not installed yet: provision.sh --appimage <the build's appliance-kiosk_<version>_x86_64.AppImage>"
    elif ((right)); then
      say "kept $APP (the kiosk updates it itself)"
    else
      say "WARNING: $APP is not a file of $KIOSK_USER's with mode 0755, so the kiosk cannot start or update it: provision.sh --appimage FILE --replace-app"
    fi
    return
  fi
  if [[ -f $dest && ! -L $dest ]] && cmp -s -- "$appimage" "$dest"; then
    if ((right)); then
      say "unchanged $APP"
      return
    fi
    # The same build with the wrong owner or mode: a fresh copy below puts that right.
  elif [[ -e $dest || -L $dest ]] && ! ((replace_app)); then
    say "WARNING: kept $APP: it is not $appimage, and may be a newer release the kiosk has updated itself to. To put $appimage in its place anyway: --replace-app"
    return
  fi
  if ((dry_run)); then
    say "would install $APP from $appimage (owned by $KIOSK_USER, mode 0755)"
    return
  fi
  stage=$(mktemp -d "$prefix/var/lib/.appliance-kiosk-provision.XXXXXX")
  install -m 0755 -o "$uid" -g "$gid" -- "$appimage" "$stage/app"
  mv -f -T -- "$stage/app" "$dest"
  rmdir -- "$stage"
  stage=''
  say "installed $APP from $appimage"
  if ((live)); then say "the kiosk runs it from its next start: systemctl restart $UNIT"; fi
}
install_app
if [[ -e $prefix$DEB_APP ]]; then
  say "WARNING: the .deb's copy of the app is installed too ($DEB_APP); the kiosk runs and updates $APP. Remove the package (apt remove appliance-kiosk) so that nobody updates the wrong copy"
fi

# 5. The store's own files, created once. The keyring secret locks the keyring the kiosk's keys are
#    sealed in: replacing it would leave the kiosk unable to open them, so it is never rewritten.
if [[ -f $prefix/etc/appliance-kiosk/kiosk.env ]]; then
  say "kept /etc/appliance-kiosk/kiosk.env"
else
  run install -D -m 0644 "$here/kiosk.env.example" "$prefix/etc/appliance-kiosk/kiosk.env"
  ((dry_run)) || say "created /etc/appliance-kiosk/kiosk.env: set KIOSK_HQ_URL there"
fi
secret=$prefix/etc/appliance-kiosk/keyring.secret
if [[ -s $secret ]]; then
  say "kept /etc/appliance-kiosk/keyring.secret"
elif ((dry_run)); then
  say "would create /etc/appliance-kiosk/keyring.secret (random, mode 0600, root only)"
else
  install -d -m 0755 "${secret%/*}"
  (
    umask 077
    head -c 48 /dev/urandom | base64 -w0 >"$secret.new"
  )
  chmod 0600 "$secret.new"
  mv -f "$secret.new" "$secret"
  say "created /etc/appliance-kiosk/keyring.secret (keep it: it is not in any backup of the data folder)"
fi

# 6. systemd: start the kiosk at boot in the graphical target, and never sleep.
if ((live)); then run systemctl daemon-reload; fi
run systemctl "${systemctl_root[@]}" enable "$UNIT"
run systemctl "${systemctl_root[@]}" mask "${SLEEP_TARGETS[@]}"
default_target_found=0
for dir in etc/systemd/system usr/lib/systemd/system lib/systemd/system; do
  if [[ -e $prefix/$dir/graphical.target ]]; then default_target_found=1; fi
done
if ((default_target_found)); then
  run systemctl "${systemctl_root[@]}" set-default graphical.target
else
  say "no graphical.target under $root: default target left as it is"
fi
if [[ -e $prefix/etc/systemd/system/display-manager.service ]]; then
  say "WARNING: a display manager is installed; it competes with the kiosk for the screen: systemctl disable display-manager.service"
fi

# 7. Apply what can be applied now; the rest (logind, the kernel command line) at the next boot.
if ((live)); then
  run udevadm control --reload-rules
  run udevadm trigger --action=change --subsystem-match=video4linux --subsystem-match=input
  run systemctl restart systemd-sysctl.service
  if command -v update-grub >/dev/null; then
    run update-grub
  else
    say "no update-grub: add consoleblank=0 to the kernel command line yourself"
  fi
fi

if ((dry_run)); then
  say "dry run: nothing was changed"
elif ((live)); then
  say "done. Reboot (systemctl reboot), then check the machine: sudo kiosk-doctor"
else
  say "done: $root is provisioned"
fi
