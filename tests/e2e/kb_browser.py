"""Opens a site that `tier kb build` wrote in headless Chromium, through
chromedriver and Selenium (Debian's chromium, chromium-driver and
python3-selenium; run with /usr/bin/python3), and checks what a requester
does with it: the index lists the articles, typing a word in the search box
shows the matching article, its page opens, the console has no error.

    kb_browser.py SITE_DIR

Prints one line per check passed and exits 0, or prints what failed and
exits 1.
"""

import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def fail(message):
    print("kb_browser: " + message)
    sys.exit(1)


def wait_for(what, check, seconds=10.0):
    """Polls check() until it returns a true value; fails naming `what`."""
    end = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            fail("timed out waiting for " + what)
        time.sleep(0.05)


def severe(driver):
    """The console's errors so far (the log is emptied by each read)."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def visible_links(driver, css):
    return [a for a in driver.find_elements(By.CSS_SELECTOR, css) if a.is_displayed()]


def main():
    if len(sys.argv) != 2:
        fail("usage: kb_browser.py SITE_DIR")
    site = pathlib.Path(sys.argv[1]).resolve()
    index = site / "index.html"
    if not index.is_file():
        fail("no index.html in " + str(site))

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=390,844", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(index.as_uri())
        titles = [a.text for a in visible_links(driver, "section.category li > a")]
        if "Wi-Fi drops every few minutes" not in titles or "Printer jams on tray 2" not in titles:
            fail("the index does not list the articles: " + repr(titles))
        print("index lists " + str(len(set(titles))) + " articles")

        # The page fits a phone's width: nothing scrolls sideways.
        width = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
        if width > inner:
            fail("the index is %d pixels wide in a window of %d" % (width, inner))
        print("index fits a phone")

        box = driver.find_element(By.ID, "q")
        box.send_keys("certif")
        hits = wait_for("a search result", lambda: visible_links(driver, "#hits li > a"))
        names = [a.text for a in hits]
        if names[0] != "Wi-Fi drops every few minutes" or "Printer jams on tray 2" in names:
            fail("typing 'certif' shows " + repr(names))
        if driver.find_element(By.ID, "listing").is_displayed():
            fail("the listing is still shown with the results")
        status = driver.find_element(By.ID, "status").text
        print("search 'certif' shows: " + ", ".join(names) + " (" + status + ")")

        hits[0].click()
        wait_for("the article's page", lambda: driver.current_url.endswith("/wifi-drops.html"))
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if heading != "Wi-Fi drops every few minutes":
            fail("the article's page has the heading " + repr(heading))
        body = driver.find_element(By.CSS_SELECTOR, "div.body").text
        if "Renew the certificate" not in body:
            fail("the article's page lacks its body: " + repr(body))
        if driver.find_elements(By.CSS_SELECTOR, "div.body script"):
            fail("a script element in the article's body")
        print("page opens: " + heading)

        # The search box of an article's page sends the query to the index.
        box = driver.find_element(By.ID, "q")
        box.send_keys("tray 2\n")
        wait_for("the index with ?q=", lambda: "index.html?q=" in driver.current_url)
        hits = wait_for("a result for ?q=", lambda: visible_links(driver, "#hits li > a"))
        if [a.text for a in hits] != ["Printer jams on tray 2"]:
            fail("'tray 2' from an article's page shows " + repr([a.text for a in hits]))
        print("'tray 2' from an article's page shows: Printer jams on tray 2")

        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("zzzzqqq")
        wait_for("no result", lambda: driver.find_element(By.ID, "status").text == "No article matches.")
        print("search 'zzzzqqq' shows: No article matches.")

        # Words are folded as tier search folds them: wifi finds Wi-Fi.
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("WiFi")
        hits = wait_for("a result for 'WiFi'", lambda: visible_links(driver, "#hits li > a"))
        if [a.text for a in hits] != ["Wi-Fi drops every few minutes"]:
            fail("'WiFi' shows " + repr([a.text for a in hits]))
        print("search 'WiFi' shows: Wi-Fi drops every few minutes")

        errors = severe(driver)
        if errors:
            fail("console errors: " + repr(errors))
        print("no console errors")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
