# One strict settings target that every QualDesk target links.
option(QUALDESK_WERROR "Treat compiler warnings as errors" OFF)
option(QUALDESK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(QUALDESK_BUILD_TESTS "Build the test suite" ON)
option(QUALDESK_BUILD_BENCH "Build the benchmarks" ON)
option(QUALDESK_FUZZ "Build the libFuzzer targets in fuzz/ (clang only; see scripts/fuzz)" OFF)
if(QUALDESK_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "QUALDESK_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
endif()

find_program(QUALDESK_CCACHE ccache)
if(QUALDESK_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${QUALDESK_CCACHE})
endif()

add_library(qualdesk_settings INTERFACE)
target_compile_features(qualdesk_settings INTERFACE cxx_std_20)
target_compile_definitions(qualdesk_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    QUALDESK_VERSION="${PROJECT_VERSION}")
# -Wshadow=local is GCC only; clang (the fuzz build) does not know it.
target_compile_options(qualdesk_settings INTERFACE
    -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
if(QUALDESK_WERROR)
    target_compile_options(qualdesk_settings INTERFACE -Werror)
endif()
if(QUALDESK_SANITIZE)
    target_compile_options(qualdesk_settings INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(qualdesk_settings INTERFACE -fsanitize=address,undefined)
endif()
