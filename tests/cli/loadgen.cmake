# `warpevm loadgen` against a live `warpevm serve`, through scripts/bench-serve.sh, kept tiny:
# both modes, both executors that need no device, and every transaction must be included
# (the loadgen checks nonces, receipts and, for erc20, the token's Transfer events).
add_test(NAME cli.loadgen.bench_serve COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/bench-serve.sh $<TARGET_FILE:warpevm>
  --txs 300 --senders 20 --executors sequential,cpu --block-times 50 --workloads transfer,erc20 --threads 2)
set_tests_properties(cli.loadgen.bench_serve PROPERTIES LABELS integration TIMEOUT 240 PASS_REGULAR_EXPRESSION
  "executor +block_ms .*\nsequential +50 transfer +send +300 +20 +c4 [^\n]* 300 +0 [^\n]*\nsequential +50 transfer +batch +300 +20 +b1000 [^\n]* 300 +0 [^\n]*\nsequential +50 erc20 +send +300 [^\n]* 300 +0 [^\n]*\nsequential +50 erc20 +batch +300 +20 +b[0-9]+ [^\n]* 300 +0 [^\n]*\ncpu +50 transfer +send [^\n]* 300 +0 [^\n]*\ncpu +50 transfer +batch [^\n]* 300 +0 [^\n]*\ncpu +50 erc20 +send [^\n]* 300 +0 [^\n]*\ncpu +50 erc20 +batch [^\n]* 300 +0 [^\n]*\n")

# Senders the node did not fund: refused before anything is sent, with what to do about it.
add_test(NAME cli.loadgen.unfunded_senders COMMAND bash -c [=[
  dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
  "$0" serve --datadir "$dir/data" --http 127.0.0.1:0 --dev-accounts 2 >"$dir/out" 2>&1 & pid=$!
  for i in $(seq 100); do url=$(sed -n 's/^listening on //p' "$dir/out"); [ -n "$url" ] && break; sleep 0.1; done
  "$0" loadgen --url "$url" --txs 10 --senders 3 2>&1; echo "exit=$?"]=] $<TARGET_FILE:warpevm>)
set_tests_properties(cli.loadgen.unfunded_senders PROPERTIES LABELS integration TIMEOUT 60 PASS_REGULAR_EXPRESSION
  "sender 2 \\(0x[0-9a-f]+\\) holds 0.000 ETH .*--dev-accounts 3 or more.*\nexit=1")

add_test(NAME cli.loadgen.bad_mode COMMAND sh -c "${sh_exit}" $<TARGET_FILE:warpevm> loadgen --mode stream)
set_tests_properties(cli.loadgen.bad_mode PROPERTIES LABELS unit PASS_REGULAR_EXPRESSION
  "unknown mode 'stream' \\(known: send, batch\\)\nexit=2")
