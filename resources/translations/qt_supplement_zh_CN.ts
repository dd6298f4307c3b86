<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  Qt's own strings that Qt's Chinese catalogue (qtbase_zh_CN.qm, shipped by PySide6-Essentials) does not translate.
  Qt 6.12 gave two labels of QFileDialog an accelerator ("Look in:" became "&Look in:", "Files of type:" became
  "Files of &type:"); qtbase_zh_CN still holds only the old sources, so an open or save dialog said "Look in:" and
  "Files of type:" in the middle of Chinese. Written for ReviewDesk (same licence as ReviewDesk), following the words
  of Qt's catalogue (查找范围：, 文件类型：). Loaded after qtbase_zh_CN by desktop/window/i18n.py; compiled to .qm by
  build.py. Add a string here when tests/test_desktop_dialogs.py finds another one in English.
-->
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
</TS>
