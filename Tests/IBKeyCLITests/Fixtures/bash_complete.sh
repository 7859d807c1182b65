#!/usr/bin/env bash
# Completes a command line the way bash does on TAB, with ibkey's generated
# completion script. usage: bash_complete.sh IBKEY_BIN "ibkey respond --user "
# Prints one candidate per line.
set -u
bin=$1 line=$2
PATH="$(dirname "$bin"):$PATH"
source <("$bin" --generate-completion-script bash)
COMP_LINE=$line
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_ibkey ibkey "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
