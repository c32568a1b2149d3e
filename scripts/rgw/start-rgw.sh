#!/usr/bin/env bash
# bucketaudit: throwaway Ceph RGW for the S3 integration tests (adapted from the team reference script).
# start-rgw.sh - start a throwaway single-node Ceph cluster (1 mon, 1 memstore
# OSD, 1 radosgw) that serves the S3 API on 127.0.0.1 only.
#
# Usage:  start-rgw.sh [DIR]
#   DIR   empty/nonexistent directory to hold everything (default: mktemp -d /tmp/rgw-ci.XXXXXX)
#
# Environment (all optional):
#   RGW_PORT        S3 port on 127.0.0.1 (default auto = first free port from 7480 up)
#   MON_PORT        mon msgr2 port on 127.0.0.1 (default: auto, first free port from 40000 up)
#   OSD_BACKEND     memstore (default) | bluestore  (bluestore = sparse file under DIR)
#   RGW_ACCESS_KEY / RGW_SECRET_KEY            keys of the admin S3 user  (uid "admin")
#   RGW_ALT_ACCESS_KEY / RGW_ALT_SECRET_KEY    keys of a second S3 user  (uid "alt")
#   RGW_START_TIMEOUT  seconds to wait for each stage (default 60)
#   RGW_EXTRA_CONF  extra "key = value" lines appended to the [client.rgw.r] section
#   RGW_ZONEGROUP_API_NAME  "region" name RGW reports/accepts (default us-east-1; empty = keep "default")
#
# On success prints the endpoint and writes $DIR/env (sourceable: S3_ENDPOINT,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ..., RGW_DIR). PIDs of the three
# daemons are recorded in $DIR/pids/*.pid. Stop with: stop-rgw.sh DIR
#
# Nothing is written outside DIR: the cluster has its own ceph.conf (passed
# explicitly with -c to every tool), run dir, logs, admin sockets, crash dir.
set -Eeuo pipefail   # -E: ERR trap also fires inside functions

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T0=${EPOCHREALTIME/./}   # microseconds (bash >= 5)

RGW_PORT=${RGW_PORT:-auto}
MON_PORT=${MON_PORT:-auto}
OSD_BACKEND=${OSD_BACKEND:-memstore}
case $OSD_BACKEND in memstore|bluestore) ;; *) echo "start-rgw: OSD_BACKEND must be memstore or bluestore" >&2; exit 2;; esac
ACCESS_KEY=${RGW_ACCESS_KEY:-AKIAADMIN0000000TEST}
SECRET_KEY=${RGW_SECRET_KEY:-adminSecretKey0000000000000000000000TEST}
ALT_ACCESS_KEY=${RGW_ALT_ACCESS_KEY:-AKIAALT00000000TEST0}
ALT_SECRET_KEY=${RGW_ALT_SECRET_KEY:-altSecretKey00000000000000000000000TEST0}
TIMEOUT=${RGW_START_TIMEOUT:-60}
ZONEGROUP_API_NAME=${RGW_ZONEGROUP_API_NAME-us-east-1}

for bin in ceph ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool uuidgen curl; do
  command -v "$bin" >/dev/null || { echo "start-rgw: missing $bin (apt-get install radosgw ceph-mon ceph-osd ceph-common)" >&2; exit 2; }
done

log() { local us=$(( ${EPOCHREALTIME/./} - T0 )); printf '[start-rgw %3d.%01ds] %s\n' $((us/1000000)) $((us%1000000/100000)) "$*" >&2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p=$1; while ! port_free "$p"; do p=$((p+1)); done; echo "$p"; }

if [ "$MON_PORT" = auto ]; then MON_PORT=$(pick_port 40000); fi
if [ "$RGW_PORT" = auto ]; then RGW_PORT=$(pick_port 7480);
elif ! port_free "$RGW_PORT"; then echo "start-rgw: 127.0.0.1:$RGW_PORT already in use (set RGW_PORT=auto)" >&2; exit 2; fi
port_free "$MON_PORT" || { echo "start-rgw: mon port $MON_PORT in use" >&2; exit 2; }

if [ $# -ge 1 ]; then
  DIR=$1
  mkdir -p "$DIR"
  [ -z "$(ls -A "$DIR")" ] || { echo "start-rgw: $DIR is not empty" >&2; exit 2; }
else
  DIR=$(mktemp -d /tmp/rgw-ci.XXXXXX)
fi
DIR=$(cd "$DIR" && pwd)
CONF=$DIR/ceph.conf
mkdir -p "$DIR"/{mon,osd,run,log,crash,pids,tmp}

# On any failure: show log tails, stop whatever was started, keep DIR for post-mortem.
on_err() {
  local rc=$?
  echo "start-rgw: FAILED (rc=$rc); log tails follow; DIR kept at $DIR" >&2
  for f in "$DIR"/log/*.log "$DIR"/log/*.stdout; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }; done
  KEEP_DIR=1 "$SCRIPT_DIR/stop-rgw.sh" "$DIR" >&2 || true
  exit "$rc"
}
trap on_err ERR

FSID=$(uuidgen)
cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = $DIR/keyring
run dir = $DIR/run
crash dir = $DIR/crash
log file = $DIR/log/\$name.log
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log to stderr = false
err to stderr = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
# never refuse to run because the host disk is "nearly full"
mon data avail warn = 1
mon data avail crit = 0
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
# default is /var/log/ceph/ceph.log + ceph.audit.log: keep the cluster log inside DIR
mon cluster log file = default=$DIR/log/ceph.\$channel.log cluster=$DIR/log/ceph.log
# propose map changes every 0.1 s instead of 1 s: radosgw creates ~6 pools at startup,
# each needing an osdmap epoch; this alone cut startup from ~12.8 s to ~2.4 s
paxos propose interval = 0.1
# users get max_buckets from this at creation time; default 1000 -> TooManyBuckets
rgw user max buckets = 0

[client]
# CLI tools (ceph, radosgw-admin) get a per-process admin socket so they never clash
admin socket = $DIR/run/\$name.\$pid.asok
log file = $DIR/log/\$name.log

[mon.a]
mon data = $DIR/mon

[osd.0]
osd data = $DIR/osd
osd objectstore = $OSD_BACKEND
memstore device bytes = 4294967296
bluestore block path = $DIR/osd-block.img
bluestore block create = true
bluestore block size = 10737418240
bluestore cache autotune = false
bluestore cache size = 134217728
osd memory target = 939524096   # bluestore only
bluestore fsck on mount = false
osd crush update on start = true

[client.rgw.r]
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
# radosgw's built-in defaults demand a "secure" mon connection, which needs cephx;
# with auth=none that fails with "get_initial_auth_request returned -13" forever.
ms mon client mode = crc
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw dns name = localhost
rgw enable static website = true
# website endpoint: Host: <bucket>.s3-website.localhost:<port> (curl -H Host / --resolve)
rgw dns s3website name = s3-website.localhost
# 1 index shard per bucket instead of 11: ~2.5x less OSD memory with many buckets
rgw override bucket index max shards = 1
rgw thread pool size = 64
rgw enable usage log = false
debug rgw = 1
${RGW_EXTRA_CONF:-}
EOF
: > "$DIR/keyring"

# ---- 1. monitor -------------------------------------------------------------
log "mkfs mon (port $MON_PORT)"
monmaptool --create --clobber --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/tmp/monmap" >/dev/null
ceph-authtool --create-keyring "$DIR/tmp/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/tmp/monmap" --keyring "$DIR/tmp/mon.keyring"
ceph-mon -c "$CONF" -i a -f >>"$DIR/log/mon.a.stdout" 2>&1 &
echo $! > "$DIR/pids/mon.pid"

cephc() { ceph -c "$CONF" --connect-timeout 5 "$@"; }
wait_for() { # wait_for <desc> <daemon: mon|osd|rgw> <cmd...>  (fails fast if the daemon died)
  local desc=$1 daemon=$2; shift 2; local end=$(( $(date +%s) + TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$(cat "$DIR/pids/$daemon.pid")" 2>/dev/null || { echo "start-rgw: $daemon exited while waiting for $desc" >&2; return 1; }
    [ "$(date +%s)" -lt "$end" ] || { echo "start-rgw: timeout waiting for $desc" >&2; return 1; }
    sleep 0.2
  done
}
wait_for "mon quorum" mon cephc mon stat
log "mon up"

# ---- 2. OSD -----------------------------------------------------------------
OSD_UUID=$(uuidgen)
OSD_ID=$(cephc osd new "$OSD_UUID")
[ "$OSD_ID" = 0 ] || { echo "unexpected osd id $OSD_ID" >&2; false; }
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$DIR/log/osd.0.stdout" 2>&1
ceph-osd -c "$CONF" -i 0 -f >>"$DIR/log/osd.0.stdout" 2>&1 &
echo $! > "$DIR/pids/osd.pid"
osd_up() { cephc osd stat -f json | grep -q '"num_up_osds":1[,}]'; }
wait_for "osd.0 up" osd osd_up
log "osd.0 up ($OSD_BACKEND)"

# ---- 3. zone setup + S3 users (radosgw-admin talks to RADOS directly) -------
# The first radosgw-admin call creates the realm-less "default" zonegroup/zone and
# the .rgw.root / default.rgw.* pools, exactly as radosgw itself would.
rgwadm() { radosgw-admin -c "$CONF" "$@"; }
rgwadm user create --uid admin --display-name "CI admin" --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" \
  --caps "buckets=*;users=*;usage=read;metadata=read" >/dev/null
rgwadm user create --uid alt --display-name "CI second account" --access-key "$ALT_ACCESS_KEY" --secret-key "$ALT_SECRET_KEY" >/dev/null
if [ -n "$ZONEGROUP_API_NAME" ]; then
  # api_name is what GetBucketLocation returns and what CreateBucket accepts as
  # LocationConstraint; out of the box it is "default", which an AWS client would
  # take for a region name. (Must run after the first radosgw-admin call that
  # created the default zonegroup; "zonegroup modify" alone does not create it.)
  rgwadm zonegroup modify --rgw-zonegroup default --api-name "$ZONEGROUP_API_NAME" >/dev/null
fi
log "zonegroup + users created"

# ---- 4. radosgw ---------------------------------------------------------------
radosgw -c "$CONF" -n client.rgw.r -f >>"$DIR/log/client.rgw.r.stdout" 2>&1 &
echo $! > "$DIR/pids/rgw.pid"
rgw_http_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$RGW_PORT/")" = 200 ]; }
wait_for "radosgw http on 127.0.0.1:$RGW_PORT" rgw rgw_http_up
log "radosgw answering"

# curl's --aws-sigv4 does not add x-amz-content-sha256 by itself; RGW (like AWS) needs it.
signed_list_ok() { curl -sf --max-time 5 --aws-sigv4 "aws:amz:us-east-1:s3" -u "$ACCESS_KEY:$SECRET_KEY" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://127.0.0.1:$RGW_PORT/" | grep -q '<ID>admin</ID>'; }
wait_for "signed ListBuckets as admin" rgw signed_list_ok

cat > "$DIR/env" <<EOF
export RGW_DIR='$DIR'
export CEPH_CONF='$CONF'
export S3_ENDPOINT='http://127.0.0.1:$RGW_PORT'
export AWS_ENDPOINT_URL='http://127.0.0.1:$RGW_PORT'
export AWS_ACCESS_KEY_ID='$ACCESS_KEY'
export AWS_SECRET_ACCESS_KEY='$SECRET_KEY'
export AWS_REGION='us-east-1'
export AWS_DEFAULT_REGION='us-east-1'
export RGW_ALT_ACCESS_KEY='$ALT_ACCESS_KEY'
export RGW_ALT_SECRET_KEY='$ALT_SECRET_KEY'
EOF
trap - ERR
log "S3 ready: http://127.0.0.1:$RGW_PORT  (dir $DIR; pids mon=$(cat "$DIR/pids/mon.pid") osd=$(cat "$DIR/pids/osd.pid") rgw=$(cat "$DIR/pids/rgw.pid"))"
echo "RGW_DIR=$DIR"
echo "S3_ENDPOINT=http://127.0.0.1:$RGW_PORT"
