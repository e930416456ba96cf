# Sourced by .ci/run: makes sure a Redis answers at $REDIS_URL for the tests.
# - REDIS_URL (default redis://127.0.0.1:6379) answers PING: use it.
# - Otherwise install redis-server from the system packages if missing, start a private one on a free port
#   with no persistence in a temporary folder, export REDIS_URL, and stop it by its pid when the script exits.

export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

redis_answers() {
  node -e '
    const url = new URL(process.argv[1]);
    const socket = require("net").connect(Number(url.port || 6379), url.hostname);
    const fail = () => process.exit(1);
    socket.setTimeout(2000, fail).on("error", fail);
    const auth = url.password ? `AUTH ${decodeURIComponent(url.password)}\r\n` : "";
    socket.write(`${auth}PING\r\n`);
    socket.on("data", (d) => process.exit(d.toString().includes("+PONG") ? 0 : 1));
  ' "$1"
}

# Tests start private redis-servers of their own: the eviction guard's, and the Cluster and Sentinel ones
# (test/redis/*.redis.test.ts), which join three nodes with `redis-cli --cluster create` and run Sentinels as
# `redis-server --sentinel`. Debian's redis-server brings redis-tools (redis-cli); both are named so a
# machine that has one without the other gets both.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "== installing redis-server and redis-tools from the system packages (tests start private ones)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi
redis-server --version | head -1
redis-cli --version

if redis_answers "$REDIS_URL"; then
  echo "== Redis answers at ${REDIS_URL#*@}"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "== no Redis at $REDIS_URL and no redis-server: installing it from the system packages"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  fi
  REDIS_DIR="$(mktemp -d)"
  REDIS_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$REDIS_DIR" \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  stop_private_redis() {
    [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
    rm -rf "$REDIS_DIR"
  }
  trap stop_private_redis EXIT
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  for _ in $(seq 1 50); do redis_answers "$REDIS_URL" && break; sleep 0.1; done
  redis_answers "$REDIS_URL" || { echo "private redis-server did not start: $(cat "$REDIS_DIR/redis.log")"; exit 1; }
  echo "== started a private Redis at $REDIS_URL (pid $(cat "$REDIS_DIR/redis.pid"))"
fi
