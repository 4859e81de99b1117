# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for signet and signet-gui: commands, options, engine names, saved profile names and
# AWS profile names. Commands, options, actions and engines are read from signet's own --help, so a new
# command or option completes without changing this file; profiles come from
# `signet profiles list --names`. Installed as /usr/share/bash-completion/completions/signet.

declare -gA _signet_help_cache=()

# _signet_help PROGRAM [COMMAND]: sets _signet_text to PROGRAM's help (of COMMAND), cached for the
# shell's life. (Not in a pipeline: that would run it in a subshell and lose the cache.)
_signet_help() {
    local key="$1|${2:-}"
    if [[ -z ${_signet_help_cache[$key]+set} ]]; then
        if [[ -n ${2:-} ]]; then
            _signet_help_cache[$key]="$("$1" "$2" --help 2>/dev/null)"
        else
            _signet_help_cache[$key]="$("$1" --help 2>/dev/null)"
        fi
    fi
    _signet_text="${_signet_help_cache[$key]}"
}

# The commands listed under "Commands:".
_signet_commands() { awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }'; }

# The options under "Options:"; with "values", only those that take a value (shown as "--x <X>").
_signet_options() {
    awk -v only="${1:-}" '
        /^[A-Z][A-Za-z ]*:$/ { on = ($0 == "Options:"); next }
        on && /^  -/ {
            tag = substr($0, 3); sub(/  .*/, "", tag)
            if (only == "values" && tag !~ /[<=]/) next
            n = split(tag, parts, ", ")
            for (i = 1; i <= n; i++) { p = parts[i]; sub(/[ =].*/, "", p); print p }
        }'
}

# The description of option $1 (wrapped lines joined).
_signet_option_text() {
    awk -v want="$1" '
        /^  -/ {
            if (on) exit
            tag = substr($0, 3); text = tag; sub(/  .*/, "", tag); n = split(tag, parts, ", ")
            for (i = 1; i <= n; i++) { p = parts[i]; sub(/[ =].*/, "", p); if (p == want) on = 1 }
            if (on) { sub(/^[^ ]+( [^ ]+)*  +/, "", text); printf "%s", text }
            next
        }
        on && /^      +[^ ]/ { sub(/^ +/, " "); printf "%s", $0; next }
        on { exit }'
}

# The values listed in an option's text: "bash, powershell or cmd (for --print)." -> bash powershell
# cmd. What is in parentheses is dropped, what follows a colon is the list if there is one; items are
# separated by commas, "or" and "and", and only one-word lower-case items count.
_signet_listed_words() {
    local text
    text="$(tr '\n' ' ')"
    text="$(sed -e 's/([^)]*)//g' <<<"$text")"
    [[ $text == *:* ]] && text="${text#*:}"
    sed -e 's/ or /,/g; s/ and /,/g' <<<"$text" | tr ',' '\n' | sed -e 's/^ *//; s/[ .]*$//' \
        | grep -E '^[a-z][a-z0-9-]*$'
}

# The positional arguments under "Arguments:", as "NAME<TAB>DESCRIPTION" (wrapped lines joined).
_signet_arguments() {
    awk '
        function flush() { if (name != "") printf "%s\t%s\n", name, text; name = "" }
        /^[A-Z][A-Za-z ]*:$/ { flush(); on = ($0 == "Arguments:"); next }
        on && /^  [^ ]/ { flush(); line = substr($0, 3); name = line; sub(/ .*/, "", name)
                          sub(/^[^ ]+ +/, "", line); text = line; next }
        on && /^   +[^ ]/ && name != "" { sub(/^ +/, " "); text = text $0; next }
        END { flush() }'
}

# Saved profile names, one a line.
_signet_profiles() { "$1" profiles list --names 2>/dev/null; }

# Profile names in the AWS shared config and credentials files.
_signet_aws_profiles() {
    local config="${AWS_CONFIG_FILE:-$HOME/.aws/config}" creds="${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"
    { sed -n 's/^[[:space:]]*\[profile[[:space:]]\{1,\}\([^]]*\)\].*/\1/p; s/^[[:space:]]*\[\(default\)\].*/\1/p' \
          "$config" 2>/dev/null
      sed -n 's/^[[:space:]]*\[\([^]]*\)\].*/\1/p' "$creds" 2>/dev/null; } | sort -u
}

# _signet_reply < <(…): COMPREPLY from the lines on stdin that start with $cur, quoted for the shell (raw for
# zsh and fish, which call _signet_complete_words with SIGNET_COMPLETE_RAW=1 and quote themselves).
_signet_reply() {
    local line
    while IFS= read -r line; do
        [[ -n $line && $line == "$cur"* ]] || continue
        if [[ -z ${SIGNET_COMPLETE_RAW:-} && $line == *[[:space:]\'\"\\\$\`\;\&\|\<\>\(\)]* ]]; then
            COMPREPLY+=("$(printf '%q' "$line")")
        else
            COMPREPLY+=("$line")
        fi
    done
}

_signet_value() {
    local program="$1" command="$2" option="$3"
    case "$option" in
    --aws-profile) _signet_reply < <(_signet_aws_profiles) ;;
    --profile) _signet_reply < <(_signet_profiles "$program") ;;
    --region) _signet_reply < <(printf '%s\n' us-east-1 us-east-2 us-west-1 us-west-2 af-south-1 ap-east-1 \
        ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-northeast-1 \
        ap-northeast-2 ap-northeast-3 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-west-1 eu-west-2 \
        eu-west-3 eu-south-1 eu-south-2 eu-north-1 il-central-1 me-south-1 me-central-1 sa-east-1) ;;
    --engine | --format | --client | --shell | --as | --credentials)
        _signet_help "$program" "$command"
        _signet_reply < <(_signet_option_text "$option" <<<"$_signet_text" | _signet_listed_words) ;;
    *) _signet_files ;;
    esac
}

# File names; for zsh and fish, a marker that asks them for their own file completion.
_signet_files() {
    if [[ -n ${SIGNET_COMPLETE_RAW:-} ]]; then
        COMPREPLY+=($'\x01files')
    else
        compopt -o filenames 2>/dev/null
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
    fi
}

_signet() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD - 1]}"
    local program="${COMP_WORDS[0]}" command="" i word
    COMPREPLY=()
    [[ $program == *signet-gui ]] && program="${program%-gui}"

    # The GUI's own options (signet with no command passes them on).
    if [[ ${COMP_WORDS[0]} == *signet-gui ]]; then
        case "$prev" in --profile) _signet_reply < <(_signet_profiles "$program"); return ;; esac
        _signet_reply < <("${COMP_WORDS[0]}" --help 2>/dev/null | _signet_options)
        return
    fi

    # The command: the first word that is not an option (or the GUI's --profile value).
    local position=0 values=() argument=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if [[ -z $command ]]; then
            if [[ $word == --profile ]]; then
                ((i++))
            elif [[ $word != -* ]]; then
                command="$word"
                _signet_help "$program" "$command"
                mapfile -t values < <(_signet_options values <<<"$_signet_text")
            fi
            continue
        fi
        if [[ $word == -* ]]; then
            [[ " ${values[*]} " == *" $word "* && $word != *=* ]] && ((i++))
        else
            ((position++))
            [[ $position -eq 1 ]] && argument="$word"
        fi
    done

    if [[ -z $command ]]; then
        case "$prev" in --profile) _signet_reply < <(_signet_profiles "$program"); return ;; esac
        _signet_help "$program"
        if [[ $cur == -* ]]; then
            _signet_reply < <({ _signet_options <<<"$_signet_text"
                                "$program-gui" --help 2>/dev/null | _signet_options; } | sort -u)
        else
            _signet_reply < <(_signet_commands <<<"$_signet_text")
        fi
        return
    fi

    if [[ $prev == -* && " ${values[*]} " == *" $prev "* ]]; then
        _signet_value "$program" "$command" "$prev"
        return
    fi
    if [[ $cur == -* ]]; then
        _signet_help "$program" "$command"
        _signet_reply < <(_signet_options <<<"$_signet_text")
        return
    fi

    # Positional: an action list ("list | show PROFILE | …"), a literal action ("login"), or named
    # arguments (PROFILE, FILE).
    local -a arguments
    _signet_help "$program" "$command"
    mapfile -t arguments < <(_signet_arguments <<<"$_signet_text")
    local first="${arguments[0]:-}" wanted=""
    if [[ ${first#*$'\t'} == *" | "* ]]; then
        local -a actions
        local list="${first#*$'\t'}"
        mapfile -t actions < <(sed 's/ | /\n/g' <<<"$list")
        if [[ $position -eq 0 ]]; then
            local action
            _signet_reply < <(for action in "${actions[@]}"; do printf '%s\n' "${action%% *}"; done)
            return
        fi
        for word in "${actions[@]}"; do
            [[ ${word%% *} == "$argument" && $word == *" "* ]] && wanted="${word#* }"
        done
    else
        local entry="${arguments[position]:-}"
        wanted="${entry%%$'\t'*}"
    fi
    case "${wanted^^}" in
    *PROFILE*) _signet_reply < <(_signet_profiles "$program") ;;
    *FILE* | *DIR* | *PATH*) _signet_files ;;
    *)
        # A lower-case argument that is not a placeholder is a literal action, as sso's "login".
        if [[ $wanted =~ ^[a-z][a-z0-9-]*$ && ! $wanted =~ ^(action|command|name|host|value|sql|url)$ ]]; then
            _signet_reply <<<"$wanted"
        fi
        ;;
    esac
}

# _signet_complete_words WORD... (the last one being completed): the candidates, one a line, raw.
# zsh's and fish's completions run this in bash so the three shells share one implementation.
_signet_complete_words() {
    local SIGNET_COMPLETE_RAW=1
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    _signet
    [[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}"
}

complete -F _signet signet signet-gui
