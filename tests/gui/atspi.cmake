# The real window over AT-SPI, as a screen reader sees it: qualdesk against qualdesk-sim under its
# own X server and D-Bus session (the accessibility bus and registry are started by D-Bus activation).
# Needs xvfb, dbus, at-spi2-core and Debian's python3-pyatspi (scripts/deps --test); skipped
# (exit 77) when one is missing.
find_program(QUALDESK_XVFB_RUN xvfb-run)
find_program(QUALDESK_DBUS_RUN_SESSION dbus-run-session)
# The system Python: pyatspi comes from a Debian package, not from a virtual environment.
find_program(QUALDESK_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(QUALDESK_XVFB_RUN AND QUALDESK_DBUS_RUN_SESSION AND QUALDESK_SYSTEM_PYTHON AND TARGET qualdesk
   AND TARGET qualdesk-sim)
    add_test(NAME tst_atspi
        COMMAND ${QUALDESK_XVFB_RUN} -a -s "-screen 0 1280x900x24"
                ${QUALDESK_DBUS_RUN_SESSION} -- ${QUALDESK_SYSTEM_PYTHON}
                ${CMAKE_CURRENT_LIST_DIR}/atspi_flow.py $<TARGET_FILE:qualdesk> $<TARGET_FILE:qualdesk-sim>
                ${PROJECT_SOURCE_DIR}/resources/demo/seed.json)
    set(atspi_environment "LC_ALL=C.UTF-8")
    if(QUALDESK_SANITIZE)
        # The window runs on the real X11 platform here, where libxkbcommon-x11's strndup of a
        # keymap name trips strict_string_checks (a read within its length limit, not a bug of
        # ours); leaks of the X and AT-SPI libraries are not this test's subject either.
        list(APPEND atspi_environment "ASAN_OPTIONS=detect_leaks=0:strict_string_checks=0:abort_on_error=0")
    endif()
    set_tests_properties(tst_atspi PROPERTIES LABELS "gui;atspi" TIMEOUT 180 SKIP_RETURN_CODE 77
        ENVIRONMENT "${atspi_environment}")
endif()
