# SPDX-License-Identifier: GPL-3.0-or-later
# The git revision this build comes from (configure time), for `signet --version`, Help > About and
# the man page. Outside a git checkout (a source tarball) it is "unknown", or SIGNET_GIT_REVISION
# when the packager passes it. CMake re-runs when HEAD moves, so the revision stays current.
set(SIGNET_GIT_REVISION "" CACHE STRING "Git revision to report when building outside a git checkout")

function(signet_git_revision out)
    find_package(Git QUIET)
    set(revision "")
    if(GIT_FOUND)
        execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
                        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                        OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE
                        RESULT_VARIABLE failed ERROR_QUIET)
        if(failed)
            set(revision "")
        else()
            execute_process(COMMAND "${GIT_EXECUTABLE}" status --porcelain --untracked-files=no
                            WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                            OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
            if(changes)
                string(APPEND revision "-dirty")
            endif()
            # Re-configure when a commit, checkout or rebase moves HEAD.
            execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --absolute-git-dir
                            WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                            OUTPUT_VARIABLE gitdir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
            if(EXISTS "${gitdir}/logs/HEAD")
                set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                             "${gitdir}/logs/HEAD")
            endif()
        endif()
    endif()
    if(NOT revision)
        set(revision "${SIGNET_GIT_REVISION}")
    endif()
    if(NOT revision)
        set(revision "unknown")
    endif()
    set(${out} "${revision}" PARENT_SCOPE)
endfunction()
