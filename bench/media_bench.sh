#!/usr/bin/env bash
# Media analysis benchmark: makes a 60 s 640x480 WebM (VP8 + Opus, as Chromium's MediaRecorder
# records) of espeak-ng speech over a face photo with camera-like noise, then compares
#   hireflow media analyze FILE      (decode + VAD + pitch + PocketSphinx + Haar capture checks)
# with the reference
#   ffmpeg -i FILE -f null -         (decode only)
# on the same file and one core (taskset), and reports the ratio, the real-time factor, the time
# per stage and the peak memory (max RSS).
#   Targets: real-time factor < 0.3 (embedded transcriber included), max RSS < 200 MB.
# Usage: bench/media_bench.sh [path/to/hireflow]     (default: build/hireflow; env HIREFLOW_BIN)
#        BENCH_MEDIA_SECONDS=60 BENCH_MEDIA_RUNS=3 (best of N runs is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${1:-${HIREFLOW_BIN:-$ROOT/build/hireflow}}
SECONDS_LONG=${BENCH_MEDIA_SECONDS:-60}
RUNS=${BENCH_MEDIA_RUNS:-3}
for tool in ffmpeg espeak-ng node /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "media_bench: $tool is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "media_bench: no hireflow binary at $BIN (make build)" >&2; exit 1; }
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"
W=$(mktemp -d /tmp/hireflow-media-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT

echo "== making a ${SECONDS_LONG} s 640x480 VP8+Opus WebM =="
i=0
while IFS= read -r line; do
  i=$((i + 1))
  espeak-ng -v en-us+klatt -w "$W/s$i.wav" "$line"
done <<'EOF'
hello my name is john and i have worked as a software engineer for five years
in my last job i was responsible for the sales of our products in the north of the country
we had a problem with a customer and i called him to understand what he needed
my greatest strength is that i learn quickly and i like to help other people
when i disagree with my manager i try to explain my point of view with facts
last year our team finished the project two weeks before the deadline
EOF
# Sentences with 0.4-1.2 s pauses between them, looped to the length wanted.
inputs=() chain="" graph=""
for k in $(seq 1 "$i"); do
  inputs+=(-i "$W/s$k.wav")
  pause=$(awk -v k="$k" 'BEGIN { printf "%.1f", 0.4 + (k % 3) * 0.4 }')
  graph+="[$((k - 1)):a]aresample=48000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=$pause[p$k];"
  chain+="[p$k]"
done
ffmpeg -nostdin -loglevel error -y "${inputs[@]}" -filter_complex "${graph}${chain}concat=n=$i:v=0:a=1[out]" \
  -map '[out]' "$W/round.wav"
ffmpeg -nostdin -loglevel error -y -stream_loop -1 -i "$W/round.wav" -t "$SECONDS_LONG" "$W/speech.wav"
FACE="$ROOT/data/media/testdata/astronaut_portrait.jpg"
# Temporal noise makes every frame differ, as a webcam's do; the realtime deadline is what
# Chromium's encoder uses.
ffmpeg -nostdin -loglevel error -y -loop 1 -framerate 30 -i "$FACE" -i "$W/speech.wav" -filter_complex \
  "[0:v]scale=-2:400,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x707070,noise=alls=6:allf=t,format=yuv420p[v]" \
  -map '[v]' -map 1:a -t "$SECONDS_LONG" -c:v libvpx -deadline realtime -cpu-used 8 -b:v 1M -c:a libopus -b:a 64k \
  "$W/answer.webm"
ls -l "$W/answer.webm" | awk '{printf "file: %.1f MB\n", $5 / 1048576}'

# Best of RUNS: wall seconds, CPU seconds, max RSS KB.
measure() {  # label, command...
  local label=$1; shift
  local best_wall="" best_cpu="" best_rss=""
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$W/time.txt" $PIN "$@" >"$W/$label.out" 2>"$W/$label.err"
    read -r wall user sys rss <"$W/time.txt"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall; best_cpu=$cpu; cp "$W/$label.out" "$W/$label.best"
    fi
    if [ -z "$best_rss" ] || [ "$rss" -gt "$best_rss" ]; then best_rss=$rss; fi
  done
  echo "$best_wall $best_cpu $best_rss"
}

echo "== ffmpeg -i FILE -f null - (reference, $RUNS runs, best) =="
read -r REF_WALL REF_CPU REF_RSS < <(measure ref ffmpeg -nostdin -loglevel error -threads 1 -i "$W/answer.webm" -f null -)
echo "decode only: ${REF_WALL} s wall, ${REF_CPU} s CPU"
echo "== hireflow media analyze FILE ($RUNS runs, best) =="
read -r WALL CPU RSS < <(measure analyze "$BIN" media analyze "$W/answer.webm")
node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const s = j.stage_ms;
console.log("stages (ms): " + Object.entries(s).map(([k, v]) => `${k} ${v}`).join(", "));
console.log(`duration ${j.duration_s} s, speaking ${j.speaking_time_s} s, ${j.word_count} words, ` +
            `capture flags [${(j.capture || {flags: []}).flags}]`);
console.log(`transcript: ${j.transcript.slice(0, 120)}...`);
' "$W/analyze.best"
awk -v w="$WALL" -v c="$CPU" -v rw="$REF_WALL" -v rc="$REF_CPU" -v d="$SECONDS_LONG" -v rss="$RSS" 'BEGIN {
  printf "RATIO media: analyze/ffmpeg-decode = %.1f wall (analyze %.2f s, ffmpeg %.2f s; same file, one core), %.1f CPU\n", w / rw, w, rw, c / rc
  printf "real-time factor: %.3f wall, %.3f CPU (%.0f s of media; target < 0.3)\n", w / d, c / d, d
  printf "peak memory: %.0f MB max RSS (target < 200 MB)\n", rss / 1024
}'
