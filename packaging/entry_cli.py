"""The frozen `reviewdesk` command line (reviewdesk.exe on Windows): the same entry point as the installed one."""
import multiprocessing
import sys

from reviewdesk.desktop.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the window reads returned workbooks in a child process (spawn)
    sys.exit(main())
