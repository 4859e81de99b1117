# SPDX-License-Identifier: GPL-3.0-or-later
# fish completion for signet and signet-gui: runs the bash completion (one implementation for the
# three shells), which reads signet's own --help and `signet profiles list --names`.
set -g __signet_completion_dir (status dirname)

function __signet_complete
    set -l script
    for candidate in $__signet_completion_dir/../../bash-completion/completions/signet \
            $__signet_completion_dir/signet.bash
        if test -r $candidate
            set script $candidate
            break
        end
    end
    test -n "$script"; or return
    set -l words (commandline -opc) (commandline -ct)
    for line in (bash -c 'source "$0"; _signet_complete_words "$@"' $script $words 2>/dev/null)
        if test "$line" = \x01files
            __fish_complete_path (commandline -ct)
        else
            echo $line
        end
    end
end

complete -c signet -f -a '(__signet_complete)'
complete -c signet-gui -f -a '(__signet_complete)'
