#!/usr/bin/env bash
# Builds the bundled sample call: two espeak-ng voices as the two legs of a short support call,
# band-limited to the telephone band and stored as 8 kHz stereo mu-law WAV (left = agent,
# right = customer). Needs espeak-ng and sox (Debian packages). Output is committed; rerun only to
# change the script.
set -euo pipefail
out="${1:-$(dirname "$0")/../job/src/main/resources/io/callscribe/sample/sample-call.wav}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
turns=(
  "agent|Thank you for calling Northwind Mobile, my name is Sarah. How can I help you today?"
  "customer|Hi Sarah. I was charged twice for my phone bill this month and I would like a refund."
  "agent|I am sorry to hear that. Can you please confirm the last four digits of the account number?"
  "customer|Sure, it is four five one two."
  "agent|Thank you. I can see the duplicate payment of forty nine dollars. I will refund it today."
  "customer|Great, how long will it take to show up on my card?"
  "agent|It usually takes three to five business days. Is there anything else I can help you with?"
  "customer|No, that is all. Thank you very much for your help."
)
agent=()
customer=()
i=0
for turn in "${turns[@]}"; do
  role=${turn%%|*}
  text=${turn#*|}
  voice=$([ "$role" = agent ] && echo "en-us+f3" || echo "en-gb+m3")
  espeak-ng -v "$voice" -s 150 -w "$work/t$i.wav" "$text"
  sox "$work/t$i.wav" -r 8000 -c 1 "$work/s$i.wav" sinc 300-3400 pad 0.4 0.6
  len=$(soxi -D "$work/s$i.wav")
  sox -n -r 8000 -c 1 "$work/z$i.wav" trim 0 "$len"
  if [ "$role" = agent ]; then agent+=("$work/s$i.wav"); customer+=("$work/z$i.wav");
  else agent+=("$work/z$i.wav"); customer+=("$work/s$i.wav"); fi
  i=$((i + 1))
done
sox "${agent[@]}" "$work/agent.wav"
sox "${customer[@]}" "$work/customer.wav"
sox -M "$work/agent.wav" "$work/customer.wav" -r 8000 -e mu-law -b 8 "$out"
soxi "$out"
