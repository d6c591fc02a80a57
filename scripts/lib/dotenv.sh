# shellcheck shell=bash
# The one .env format, for the scripts: the rules of config-provider's DotEnvParser (the worker's config provider
# is the runtime truth) and its SeedKeys table, in bash. deploy-tests' DotEnvAgreementTest reads the same tricky file
# through both and fails when they differ. Source this file; it defines functions only.
#
#   dotenv_parse FILE     fills the associative array DOTENV; on the first bad line prints "FILE line N: problem"
#                         (never the line: it may hold a password) and returns 1
#   dotenv_seed_keys      adds our keys from the seed README's (AWS_RDS_ENDPOINT -> AWS_RDS_HOST, ...) and the
#                         defaults; a setting given both ways with different values: one line, returns 1

declare -gA DOTENV=()

_dotenv_trim_leading() { local s="$1"; printf '%s' "${s#"${s%%[![:space:]]*}"}"; }
_dotenv_trim() { local s; s="$(_dotenv_trim_leading "$1")"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# After a closing quote only blanks or a comment may follow.
_dotenv_only_comment() { local r; r="$(_dotenv_trim "$1")"; [ -z "$r" ] || [ "${r:0:1}" = "#" ]; }

dotenv_parse() {
  local file="$1" line n=0 raw key value rest i c out prev
  DOTENV=()
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    raw="$(_dotenv_trim "$line")"
    if [ -z "$raw" ] || [ "${raw:0:1}" = "#" ]; then continue; fi
    if [[ ! "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_.-]*)[[:space:]]*=(.*)$ ]]; then
      echo "$file line $n: expected KEY=VALUE" >&2; return 1
    fi
    key="${BASH_REMATCH[2]}"
    raw="$(_dotenv_trim_leading "${BASH_REMATCH[3]}")"
    case "$raw" in
      \'*)
        rest="${raw:1}"
        if [[ "$rest" != *\'* ]]; then echo "$file line $n: unterminated single quote" >&2; return 1; fi
        value="${rest%%\'*}"
        if ! _dotenv_only_comment "${rest#*\'}"; then
          echo "$file line $n: unexpected text after the closing quote" >&2; return 1
        fi ;;
      \"*)
        out="" value="" i=1
        local closed=false
        while [ "$i" -lt "${#raw}" ]; do
          c="${raw:$i:1}"
          if [ "$c" = '"' ]; then
            closed=true
            if ! _dotenv_only_comment "${raw:$((i + 1))}"; then
              echo "$file line $n: unexpected text after the closing quote" >&2; return 1
            fi
            break
          fi
          if [ "$c" = "\\" ] && [ $((i + 1)) -lt "${#raw}" ]; then
            i=$((i + 1)); c="${raw:$i:1}"
            case "$c" in
              n) out+=$'\n' ;;
              t) out+=$'\t' ;;
              r) out+=$'\r' ;;
              '"'|"\\"|'$') out+="$c" ;;
              *) out+="\\$c" ;;
            esac
          else
            out+="$c"
          fi
          i=$((i + 1))
        done
        if [ "$closed" != true ]; then echo "$file line $n: unterminated double quote" >&2; return 1; fi
        value="$out" ;;
      *)
        # A '#' starts a comment at the value's start or after a blank, as in a shell.
        value="" prev=" "
        for ((i = 0; i < ${#raw}; i++)); do
          c="${raw:$i:1}"
          if [ "$c" = "#" ] && [[ "$prev" =~ [[:space:]] ]]; then break; fi
          value+="$c"; prev="$c"
        done
        value="$(_dotenv_trim "$value")" ;;
    esac
    DOTENV["$key"]="$value"
  done < "$file"
}

# Our key -> the seed README's key for the same setting (config-provider's SeedKeys.ALIASES).
declare -gA DOTENV_SEED_ALIASES=(
  [AWS_RDS_HOST]=AWS_RDS_ENDPOINT
  [AWS_RDS_DATABASE]=AWS_RDS_DBNAME
  [CDC_SLOT_NAME]=REPLICATION_SLOT_NAME
  [S3_BUCKET]=S3_BUCKET_NAME
)
# Keys the seed's .env lacks (SeedKeys.DEFAULTS).
declare -gA DOTENV_DEFAULTS=(
  [AWS_RDS_SSLMODE]=require
  [AWS_RDS_INSTANCE]=""
  [CDC_TOPIC_PREFIX]=cdc
  [CDC_PUBLICATION_NAME]=dbz_publication
  [S3_ENDPOINT]=""
  [S3_PATH_STYLE_ACCESS]=false
)

# ours: our key; names: the seed key(s) for the message; the seed's value is "$3" when $4 says it is given.
_dotenv_alias() {
  local where="$1" ours="$2" names="$3" seed="$4" seed_set="$5"
  local ours_set=false
  [ -n "${DOTENV[$ours]+set}" ] && ours_set=true
  if [ "$ours_set" = true ] && [ -n "$(_dotenv_trim "${DOTENV[$ours]}")" ] && [ "$seed_set" = true ] \
      && [ -n "$(_dotenv_trim "$seed")" ] && [ "${DOTENV[$ours]}" != "$seed" ]; then
    echo "$where: $ours and $names are both set, to different values: keep one" >&2
    return 1
  fi
  if [ "$seed_set" = true ] && { [ "$ours_set" = false ] || { [ -z "$(_dotenv_trim "${DOTENV[$ours]}")" ] \
      && [ -n "$(_dotenv_trim "$seed")" ]; }; }; then
    DOTENV["$ours"]="$seed"
  fi
}

dotenv_seed_keys() {
  local where="$1" ours seed_key schema tables t out=() errors=0
  for ours in "${!DOTENV_SEED_ALIASES[@]}"; do
    seed_key="${DOTENV_SEED_ALIASES[$ours]}"
    if [ -n "${DOTENV[$seed_key]+set}" ]; then
      _dotenv_alias "$where" "$ours" "$seed_key" "${DOTENV[$seed_key]}" true || errors=$((errors + 1))
    fi
  done
  if [ -n "${DOTENV[POSTGRES_TABLE_TO_TRACK]+set}" ]; then
    schema="$(_dotenv_trim "${DOTENV[POSTGRES_SCHEMA_TO_TRACK]:-}")"
    [ -n "$schema" ] || schema=public
    IFS=',' read -r -a tables <<< "${DOTENV[POSTGRES_TABLE_TO_TRACK]},"
    for t in "${tables[@]}"; do
      t="$(_dotenv_trim "$t")"
      [ -n "$t" ] || continue
      if [[ "$t" == *.* ]]; then out+=("$t"); else out+=("$schema.$t"); fi
    done
    if [ "${#out[@]}" -gt 0 ]; then
      _dotenv_alias "$where" CDC_TABLES "POSTGRES_SCHEMA_TO_TRACK/POSTGRES_TABLE_TO_TRACK" \
        "$(IFS=','; printf '%s' "${out[*]}")" true || errors=$((errors + 1))
    fi
  fi
  for ours in "${!DOTENV_DEFAULTS[@]}"; do
    [ -n "${DOTENV[$ours]+set}" ] || DOTENV["$ours"]="${DOTENV_DEFAULTS[$ours]}"
  done
  [ "$errors" -eq 0 ]
}
