"""The frozen `ReviewDesk` window (no console on Windows): `ReviewDesk [--db PATH] [--lang zh|en] [WORKBOOK ...]`."""
import multiprocessing
import sys

from reviewdesk.desktop.window.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the window reads returned workbooks in a child process (spawn)
    sys.exit(main())
