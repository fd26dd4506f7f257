# Accessibility and keyboard: what a screen reader and a keyboard-only user get from the window.
qualdesk_add_test(tst_accessibility SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_accessibility.cpp
    LIBS qualdesk_gui_harness GUI TIMEOUT 120)
qualdesk_add_test(tst_keyboard SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_keyboard.cpp
    LIBS qualdesk_gui_harness GUI TIMEOUT 120)
