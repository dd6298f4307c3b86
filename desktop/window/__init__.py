"""The Qt desktop application: main window, pages, editor, wizards, dialogs and background jobs."""
