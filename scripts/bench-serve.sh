#!/usr/bin/env bash
# Sustained transactions per second through `warpevm serve`, per executor and block time:
# each row starts a fresh node (temporary datadir, any free port, dev accounts funded), runs
# `warpevm loadgen` once, in send mode (eth_sendRawTransaction, measured to the last
# inclusion) or batch mode (warp_executeBatch), and stops the node. A fresh node per row
# because the node's cost per block grows with the size of its state: a row run after another
# would inherit the accounts the earlier one created. Compare rows of one run only: the
# machine's noise moves absolute numbers.
#
#   scripts/bench-serve.sh [WARPEVM] [--txs N] [--senders K] [--executors a,b]
#                          [--block-times ms,ms] [--workloads transfer,erc20] [--modes send,batch]
#                          [--connections C] [--batch-size B] [--threads T]
#                          [--extra-accounts N]   (a genesis with N more funded accounts: a big state)
# Exit status: 0 when every run included every transaction successfully.
set -euo pipefail

bin=build/warpevm
if [[ $# -gt 0 && $1 != --* ]]; then bin=$1; shift; fi
txs=20000
senders=200
executors=sequential,cpu
block_times=50
workloads=transfer
modes=send,batch
connections=4
batch_size=1000
threads=0
extra_accounts=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --txs) txs=$2 ;;
    --senders) senders=$2 ;;
    --executors) executors=$2 ;;
    --block-times) block_times=$2 ;;
    --workloads) workloads=$2 ;;
    --modes) modes=$2 ;;
    --connections) connections=$2 ;;
    --batch-size) batch_size=$2 ;;
    --threads) threads=$2 ;;
    --extra-accounts) extra_accounts=$2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench-serve.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -x $bin ]] || { echo "bench-serve.sh: no warpevm binary at '$bin' (give its path first)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/warpevm-bench-serve.XXXXXX")
node_pid=""
stop_node() {
  if [[ -n $node_pid ]]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
    node_pid=""
  fi
}
trap 'stop_node; rm -rf "$work"' EXIT

# A state of realistic size: N accounts beside the senders, each with a balance and a nonce, so
# the per-block cost of the state root and the store shows in the figures.
genesis_args=()
if [[ $extra_accounts -gt 0 ]]; then
  awk -v n="$extra_accounts" 'BEGIN {
    printf "{\"alloc\":{"
    for (i = 0; i < n; i++)
      printf "%s\"0x77777777%032x\":{\"balance\":\"0xde0b6b3a7640000\",\"nonce\":\"0x1\"}", (i ? "," : ""), i
    print "}}"
  }' >"$work/genesis.json"
  genesis_args=(--genesis "$work/genesis.json")
fi

# The value of a top-level number field in loadgen's --json output.
field() { sed -n "s/^  \"$1\": \\([0-9.e+-]*\\),\\{0,1\\}$/\\1/p" "$2"; }

# Starts a node; sets node_pid and url, or fails with the node's own words.
start_node() {
  local executor=$1 block_ms=$2 dir=$work/node-$3
  mkdir -p "$dir"
  : >"$dir/stdout"  # exists before the node's shell opens it: the loop below reads it at once
  "$bin" serve --datadir "$dir/data" --http 127.0.0.1:0 --dev-accounts "$senders" --block-time "$block_ms" \
    --executor "$executor" --threads "$threads" "${genesis_args[@]}" >"$dir/stdout" 2>"$dir/stderr" &
  node_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$dir/stdout")
    [[ -n $url ]] && return 0
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench-serve.sh: the node ($executor, $block_ms ms) did not start:" >&2
  cat "$dir/stderr" >&2
  node_pid=""
  return 1
}

rows=()
status=0
IFS=, read -ra executor_list <<<"$executors"
IFS=, read -ra block_time_list <<<"$block_times"
IFS=, read -ra workload_list <<<"$workloads"
IFS=, read -ra mode_list <<<"$modes"
for executor in "${executor_list[@]}"; do
  for block_ms in "${block_time_list[@]}"; do
    for workload in "${workload_list[@]}"; do
      for mode in "${mode_list[@]}"; do
        start_node "$executor" "$block_ms" "${#rows[@]}"
        out=$work/$executor-$block_ms-$workload-$mode.json
        echo "== executor $executor, block time $block_ms ms, $workload, $mode" >&2
        if ! "$bin" loadgen --url "$url" --mode "$mode" --workload "$workload" --txs "$txs" --senders "$senders" \
            --connections "$connections" --batch-size "$batch_size" --json >"$out" 2>"$work/loadgen.log"; then
          status=1
          echo "bench-serve.sh: loadgen failed ($executor, $block_ms ms, $workload, $mode):" >&2
          tail -n 20 "$work/loadgen.log" >&2
          grep -A6 '"problems"' "$out" >&2 || true
        fi
        stop_node
        if [[ -z $(field tx_per_s "$out") ]]; then
          rows+=("$(printf '%-10s %8s %-8s %-5s %7s %7s %6s  %s' "$executor" "$block_ms" "$workload" "$mode" "$txs" \
            "-" "-" "no result")")
          continue
        fi
        if [[ $mode == send ]]; then shape="c$(field connections "$out")"; else shape="b$(field batch_size "$out")"; fi
        submit=$(field submit_tx_per_s "$out")
        rows+=("$(printf '%-10s %8s %-8s %-5s %7s %7s %6s %8.3f %9.0f %8.1f %7s %9s %7s %10s' \
          "$executor" "$block_ms" "$workload" "$mode" "$txs" "$(field senders "$out")" "$shape" \
          "$(field seconds "$out")" "$(field tx_per_s "$out")" \
          "$(awk -v g="$(field gas_per_s "$out")" 'BEGIN { printf "%.1f", g / 1e6 }')" \
          "$(field blocks "$out")" "$(field included "$out")" "$(field failed "$out")" \
          "$([[ -n $submit ]] && printf '%.0f' "$submit" || echo -)")")
      done
    done
  done
done

printf '%-10s %8s %-8s %-5s %7s %7s %6s %8s %9s %8s %7s %9s %7s %10s\n' executor block_ms workload mode txs \
  senders shape seconds tx/s Mgas/s blocks included failed submit_tx/s
printf '%s\n' "${rows[@]}"
echo "(shape: cN = N connections sending, bN = batches of N; tx/s = txs / seconds: send mode from the first send" \
  "to the last inclusion seen, batch mode over all warp_executeBatch calls)"
exit $status
