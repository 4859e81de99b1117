# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the house rules; every Signet target links it.
add_library(signet_house_rules INTERFACE)
add_library(Signet::HouseRules ALIAS signet_house_rules)

target_compile_features(signet_house_rules INTERFACE cxx_std_20)
target_compile_options(signet_house_rules INTERFACE -Wall -Wextra -Werror -Wpedantic -Wshadow
                                                    -Wnon-virtual-dtor -Wcast-align)
target_compile_definitions(signet_house_rules INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

# Hardening as Debian's dpkg-buildflags sets it (hardening=+all): stack protector and clash
# protection, control-flow protection, FORTIFY_SOURCE where the optimiser runs (it needs -O), full
# RELRO and immediate binding. The sanitizer and fuzzing builds bring their own instrumentation.
if(NOT SIGNET_SANITIZE AND NOT SIGNET_FUZZ)
    target_compile_options(signet_house_rules INTERFACE -fstack-protector-strong -fstack-clash-protection
                                                        -fcf-protection)
    target_compile_definitions(signet_house_rules INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
    target_link_options(signet_house_rules INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()

if(SIGNET_SANITIZE)
    target_compile_options(signet_house_rules INTERFACE -fsanitize=address,undefined
                                                        -fno-sanitize-recover=undefined
                                                        -fno-omit-frame-pointer)
    target_link_options(signet_house_rules INTERFACE -fsanitize=address,undefined)
endif()

if(SIGNET_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "SIGNET_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
    endif()
    # Coverage for libFuzzer everywhere; the fuzz targets add -fsanitize=fuzzer (its main) at link.
    # Warnings stay on but are not fatal here: the house build is gcc, whose -Werror gates merges,
    # and a clang-only warning must not stop the fuzzers.
    target_compile_options(signet_house_rules INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                        -fno-sanitize-recover=undefined
                                                        -fno-omit-frame-pointer -Wno-error)
    target_link_options(signet_house_rules INTERFACE -fsanitize=address,undefined)
endif()

# Each core module folder lists its own sources; new files in a folder are picked up on reconfigure.
function(signet_module_sources target)
    file(GLOB _sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp"
                                         "${CMAKE_CURRENT_SOURCE_DIR}/*.h")
    target_sources(${target} PRIVATE ${_sources})
endfunction()
