# SPDX-License-Identifier: GPL-3.0-or-later
# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE): the .deb splits its debug symbols into
# signet-dbgsym (which needs unstripped files); the .rpm is stripped here and carries none.
if(CPACK_GENERATOR STREQUAL "RPM")
    set(CPACK_STRIP_FILES ON)
    # Debian's changelog and lintian overrides stay out of the .rpm (left unpackaged on purpose).
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /usr/share/lintian /usr/share/lintian/overrides
         /usr/share/lintian/overrides/signet /usr/share/doc/signet/changelog.Debian.gz)
    # rpmbuild's own debuginfo and strip steps would run on already stripped files.
    set(CPACK_RPM_SPEC_MORE_DEFINE
        "%define debug_package %{nil}\n%define __strip /bin/true\n%define _unpackaged_files_terminate_build 0")
endif()
