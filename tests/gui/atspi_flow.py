#!/usr/bin/python3
"""Drives `qualdesk --demo` over AT-SPI the way a screen reader does.

Run inside its own X server and D-Bus session, in that order (ctest: xvfb-run ... dbus-run-session
...), so the accessibility bus and its registry can reach the display: starts the window with accessibility always on, presses Sign in through the button's
accessible action, types a customer into the lookup through the editable-text interface, opens
it, and reads the signed-in user's name and a vetting status back from the accessibility tree.

Usage: atspi_flow.py QUALDESK_BINARY
Exit codes: 0 passed, 1 failed, 77 skipped (nothing to run it with).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import pyatspi
except ImportError:
    print("SKIP: python3-pyatspi is not installed")
    sys.exit(77)

# From sim/SeedFixtures.h: the demo user and a customer with an Approved Education qualification.
USER_NAME = "Anna Nováková"
CUSTOMER_NAME = "Masarykova univerzita Brno"
SEARCH = "Masarykova"
TIMEOUT = 30.0


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def wait_for(what, probe, timeout=TIMEOUT):
    """Polls probe() until it returns something truthy; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except Exception:  # a node that went away while it was read: ask again
            value = None
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def find(root, predicate):
    """The first node under root (depth first) that satisfies predicate."""
    return pyatspi.utils.findDescendant(root, predicate)


def named(role, name):
    return lambda node: node is not None and node.getRole() == role and node.name == name


def described(role, description):
    return lambda node: node is not None and node.getRole() == role and node.description == description


def showing(node):
    return node.getState().contains(pyatspi.STATE_SHOWING)


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("Press", "press", "click"):
            action.doAction(i)
            return
    action.doAction(0)


def find_app(process):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None:
            continue
        try:
            if app.get_process_id() == process.pid:
                return app
        except Exception:
            continue
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("SKIP: needs an X display and a D-Bus session (run through ctest)")
        return 77

    home = tempfile.mkdtemp(prefix="qualdesk-atspi-")
    env = dict(os.environ)
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "share"),
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "QT_ACCESSIBILITY": "1",
        "LC_ALL": "C.UTF-8",
    })
    # The accessibility bus and its registry first (D-Bus activation), so the window finds them
    # when it starts instead of racing their start.
    wait_for("the accessibility registry", lambda: pyatspi.Registry.getDesktop(0) is not None)
    command = [binary, "--demo", "--lang", "en", "--data-dir", os.path.join(home, "data")]
    process = subprocess.Popen(command, env=env)
    try:
        app = wait_for("the QualDesk window on the accessibility bus", lambda: find_app(process))
        window = wait_for("the main window", lambda: app[0] if app.childCount else None)

        # Demo mode may sign in by itself at start; otherwise Sign in is pressed through its action.
        def user_label():
            return find(window, lambda n: described(pyatspi.ROLE_LABEL, "Signed-in user")(n) and n.name == USER_NAME)

        def sign_in_button():
            return find(window, lambda n: named(pyatspi.ROLE_PUSH_BUTTON, "Sign in")(n) and showing(n))

        first = wait_for("the Sign in button or the signed-in user", lambda: user_label() or sign_in_button())
        if first.getRole() == pyatspi.ROLE_PUSH_BUTTON:
            press(first)
        user = wait_for("the signed-in user's name",
                        lambda: find(window, lambda n: described(pyatspi.ROLE_LABEL, "Signed-in user")(n) and n.name == USER_NAME))
        print("user name read:", user.name)

        lookup = wait_for("the enabled customer lookup",
                          lambda: find(window, lambda n: n.getRole() == pyatspi.ROLE_TEXT and n.name == "Customer lookup"
                                       and n.getState().contains(pyatspi.STATE_ENABLED)))
        # Typed as a keyboard user would, into the lookup the screen reader has focused.
        # There is no window manager to give the window the keyboard: a second start with the
        # same data folder asks the running window to come to the front, which activates it.
        subprocess.run(command, env=env, timeout=TIMEOUT, check=False)
        wait_for("the window to be active", lambda: window.getState().contains(pyatspi.STATE_ACTIVE), 10)
        lookup.queryComponent().grabFocus()
        wait_for("the lookup to have the focus", lambda: lookup.getState().contains(pyatspi.STATE_FOCUSED), 10)
        for char in SEARCH:  # ASCII letters are their own keysyms
            pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
        results = wait_for("the lookup's results", lambda: find(window, named(pyatspi.ROLE_TABLE, "Customers")))
        cell = wait_for("the customer in the results",
                        lambda: find(results, lambda n: n.getRole() == pyatspi.ROLE_TABLE_CELL and n.name == CUSTOMER_NAME))
        print("customer found:", cell.name)
        # Enter in the lookup opens the first customer found.
        pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
        wait_for("the customer to open",
                 lambda: find(window, lambda n: described(pyatspi.ROLE_LABEL, "Company name")(n) and n.name == CUSTOMER_NAME))

        table = wait_for("the vetting table", lambda: find(window, named(pyatspi.ROLE_TABLE, "Qualifications and vetting status")))
        status = wait_for("an Approved vetting status",
                          lambda: find(table, lambda n: n.getRole() == pyatspi.ROLE_TABLE_CELL and n.name == "Approved"))
        print("vetting status read:", status.name)
        print("PASS")
        return 0
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
