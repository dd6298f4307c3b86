"""The review pack of a meeting: its scope, the Word document, the workbooks and the manifest."""
