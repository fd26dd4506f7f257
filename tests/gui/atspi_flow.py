#!/usr/bin/python3
"""Drives the real QualDesk window over AT-SPI the way a screen reader does.

Run inside its own X server and D-Bus session, in that order (ctest: xvfb-run ... dbus-run-session
...), so the accessibility bus and its registry can reach the display. Starts a simulator whose
customers include more company names starting with the lookup's text than one page of Partner
Center's answer holds, and the window against it with accessibility always on; presses Sign in
through the button's accessible action (a stand-in browser follows the sign-in page's redirect),
types into the lookup, walks the results with the Down arrow past the end of the first page until
the customer that only the second page brings is the current one, opens it with Enter, and reads
the signed-in user's name, the result count and a vetting status back from the accessibility tree.

Usage: atspi_flow.py QUALDESK_BINARY QUALDESK_SIM_BINARY DEMO_SEED_JSON
Exit codes: 0 passed, 1 failed, 77 skipped (nothing to run it with).
"""

import json
import os
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import uuid

try:
    import pyatspi
except ImportError:
    print("SKIP: python3-pyatspi is not installed")
    sys.exit(77)

# From sim/SeedFixtures.h: the demo user and a customer with an Approved Education qualification.
USER_NAME = "Anna Nováková"
CUSTOMER_NAME = "Masarykova univerzita Brno"
SEARCH = "Masarykova"
# The simulator's page of customers (Partner Center's answer to a search with size=0).
PAGE_SIZE = 20
# Schools named after Masaryk, listed before the demo customers: with them "Masarykova" matches
# more customers than one page holds, and the university, the last match, comes with page two.
TOWNS = ["Bystřice", "Dačice", "Frýdlant", "Hodonín", "Holešov", "Hranice", "Hustopeče", "Jevíčko",
         "Kopřivnice", "Kyjov", "Letovice", "Litomyšl", "Náchod", "Nový Jičín", "Poděbrady", "Polička",
         "Rokycany", "Rosice", "Slaný", "Tišnov", "Třebíč", "Velké Meziříčí", "Veselí nad Moravou",
         "Vsetín"]
MATCHES = len(TOWNS) + 1
TIMEOUT = 30.0

# The browser of the sign-in: fetches the sign-in page, which the simulator answers with a
# redirect back to the window's loopback address, and follows it, as a person's browser would.
FAKE_BROWSER = """#!/usr/bin/python3
import sys, urllib.request
urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[-1], timeout=30).read()
"""


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


def press_when_found(what, root, predicate):
    """Finds a node and presses it; a node replaced before the press went through (the window
    still settling) is found again, until the timeout."""
    def attempt():
        node = find(root, predicate)
        if node is None:
            return None
        press(node)  # raises when the node went away meanwhile: wait_for asks again
        return node
    return wait_for(what, attempt)


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


def write_seed(demo_seed, path):
    """The demo seed with the Masaryk schools in front of its customers."""
    with open(demo_seed, encoding="utf-8") as f:
        seed = json.load(f)
    schools = []
    for i, town in enumerate(TOWNS):
        slug = "masaryk-zs-%02d" % (i + 1)
        schools.append({
            "id": str(uuid.uuid5(uuid.NAMESPACE_DNS, slug + ".example")),
            "companyName": "Masarykova základní škola " + town,
            "domain": slug + ".onmicrosoft.com",
            "city": town,
            "country": "CZ",
            "email": "it@" + slug + ".example",
        })
    seed["customers"] = schools + seed["customers"]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(seed, f, ensure_ascii=False)


def start_simulator(sim_binary, seed_path, env):
    """qualdesk-sim on a free port; returns the process and its base address."""
    sim = subprocess.Popen([sim_binary, "--port", "0", "--seed", seed_path, "--page-size", str(PAGE_SIZE)],
                           env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sim.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = sim.stdout.readline()
        if not line:  # it exited
            break
        if line.startswith("listening on "):
            return sim, line[len("listening on "):].strip().rstrip("/")
    sim.kill()
    sim.wait()
    fail("the simulator did not start")


def selected_row(table):
    rows = table.getSelectedRows()
    return rows[0] if len(rows) == 1 else None


def row_name(table, row):
    cell = table.getAccessibleAt(row, 0)
    return cell.name if cell is not None else None


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    binary, sim_binary, demo_seed = sys.argv[1:]
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("SKIP: needs an X display and a D-Bus session (run through ctest)")
        return 77

    home = tempfile.mkdtemp(prefix="qualdesk-atspi-")
    processes = []
    try:
        seed_path = os.path.join(home, "seed.json")
        write_seed(demo_seed, seed_path)
        # Qt opens the sign-in page with xdg-open, found on PATH.
        bin_dir = os.path.join(home, "bin")
        os.mkdir(bin_dir)
        browser = os.path.join(bin_dir, "xdg-open")
        with open(browser, "w", encoding="utf-8") as f:
            f.write(FAKE_BROWSER)
        os.chmod(browser, stat.S_IRWXU)

        env = dict(os.environ)
        env.update({
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "share"),
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "LC_ALL": "C.UTF-8",
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "BROWSER": browser,
        })
        for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            env.pop(name, None)
        # The refresh token goes to the keychain; an unlocked one in this D-Bus session, as
        # scripts/test provides, instead of one D-Bus activation would start and prompt for.
        keyring = shutil.which("gnome-keyring-daemon")
        if keyring:
            subprocess.run([keyring, "--unlock", "--components=secrets"], env=env, input=b"pw",
                           stdout=subprocess.DEVNULL, timeout=TIMEOUT, check=False)
        sim, base_url = start_simulator(sim_binary, seed_path, env)
        processes.append(sim)
        env.update({
            "QUALDESK_BASE_URL": base_url,
            "QUALDESK_AUTHORITY": base_url + "/organizations",
            "QUALDESK_CLIENT_ID": "qualdesk-demo",
            "QUALDESK_PROXY": "none",
        })

        # The accessibility bus and its registry first (D-Bus activation), so the window finds
        # them when it starts instead of racing their start.
        wait_for("the accessibility registry", lambda: pyatspi.Registry.getDesktop(0) is not None)
        command = [binary, "--lang", "en", "--data-dir", os.path.join(home, "data")]
        process = subprocess.Popen(command, env=env)
        processes.append(process)
        return drive(process, command, env)
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(home, ignore_errors=True)


def drive(process, command, env):
    app = wait_for("the QualDesk window on the accessibility bus", lambda: find_app(process))
    window = wait_for("the main window", lambda: app[0] if app.childCount else None)

    def user_label():
        return find(window, lambda n: described(pyatspi.ROLE_LABEL, "Signed-in user")(n) and n.name == USER_NAME)

    press_when_found("the Sign in button", window,
                     lambda n: named(pyatspi.ROLE_PUSH_BUTTON, "Sign in")(n) and showing(n))
    user = wait_for("the signed-in user's name", user_label)
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
    text = lookup.queryText()
    wait_for("the lookup to hold " + SEARCH, lambda: text.getText(0, -1) == SEARCH)
    results = wait_for("the lookup's results", lambda: find(window, named(pyatspi.ROLE_TABLE, "Customers")))
    table = results.queryTable()
    wait_for("the first page of results",
             lambda: table.nRows > 0 and (row_name(table, 0) or "").startswith(SEARCH + " "))

    # Down in the lookup moves into the results; each further Down is one row on, as a screen
    # reader user walks a list. The rows past the first page come only once the list has asked
    # for the next one, so the next row is awaited before each step.
    print("results read before the walk:", table.nRows)
    pyatspi.Registry.generateKeyboardEvent(0xff54, None, pyatspi.KEY_SYM)  # Down
    wait_for("the first result to be the current one", lambda: selected_row(table) == 0)
    row = 0
    while row_name(table, row) != CUSTOMER_NAME:
        if row + 1 >= MATCHES:
            fail("%s is not among the %d results" % (CUSTOMER_NAME, table.nRows))
        if table.nRows == row + 1:
            print("at result %d of %d, the next page is awaited" % (row + 1, table.nRows))
        wait_for("result %d (page %d of the answer)" % (row + 2, (row + 1) // PAGE_SIZE + 1),
                 lambda: table.nRows > row + 1)
        pyatspi.Registry.generateKeyboardEvent(0xff54, None, pyatspi.KEY_SYM)
        wait_for("result %d to be the current one" % (row + 2), lambda: selected_row(table) == row + 1)
        row += 1
    if row < PAGE_SIZE:
        fail("%s came with the first page (row %d); the search did not span two pages" % (CUSTOMER_NAME, row + 1))
    wait_for("all %d results" % MATCHES, lambda: table.nRows == MATCHES)
    names = [row_name(table, r) for r in range(table.nRows)]
    if len(set(names)) != MATCHES or not all(name.startswith(SEARCH + " ") for name in names):
        fail("the results are not the %d customers whose names start with %s: %s" % (MATCHES, SEARCH, names))
    print("results read: %d, the customer from page 2 at row %d: %s" % (table.nRows, row + 1, CUSTOMER_NAME))

    # Enter in the list opens the current customer.
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    wait_for("the customer to open",
             lambda: find(window, lambda n: described(pyatspi.ROLE_LABEL, "Company name")(n) and n.name == CUSTOMER_NAME))
    vetting = wait_for("the vetting table", lambda: find(window, named(pyatspi.ROLE_TABLE, "Qualifications and vetting status")))
    status = wait_for("an Approved vetting status",
                      lambda: find(vetting, lambda n: n.getRole() == pyatspi.ROLE_TABLE_CELL and n.name == "Approved"))
    print("vetting status read:", status.name)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
