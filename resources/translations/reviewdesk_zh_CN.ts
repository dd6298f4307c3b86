<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionRows</name>
    <message>
        <source>Created as meeting actions when the meeting is saved; the due date as 2026-12-10.</source>
        <translation>保存会议时创建为会议行动项；完成期限写作 2026-12-10。</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>添加行动项</translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation>删除行动项</translation>
    </message>
    <message>
        <source>This meeting already has {n} action(s): see the Actions page.</source>
        <translation>本会议已有 {n} 项行动项：见「行动项」页面。</translation>
    </message>
</context>
<context>
    <name>ArtefactPage</name>
    <message>
        <source>Search code and text fields…</source>
        <translation>搜索编号与文本字段…</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>显示列</translation>
    </message>
    <message>
        <source>{count} records</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source> (filtered)</source>
        <translation>（已筛选）</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>A record code (ISS-0001), a person, or a source such as an import batch</source>
        <translation>记录编号（如 ISS-0001）、人员，或来源（如导入批次）</translation>
    </message>
    <message>
        <source>Every change to every record: who, when, old and new value, and where it came from.</source>
        <translation>每条记录的每次更改：谁、何时、原值与新值，以及来源。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Open the records counted here.</source>
        <translation>打开这里统计的记录。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Click a bar to see its records.</source>
        <translation>点击柱条查看对应记录。</translation>
    </message>
    <message>
        <source>Nothing open.</source>
        <translation>暂无未完成事项。</translation>
    </message>
</context>
<context>
    <name>EditPanel</name>
    <message>
        <source>Edit in Excel — {file}</source>
        <translation>在 Excel 中编辑 — {file}</translation>
    </message>
    <message>
        <source>Waiting for you to save the workbook in your spreadsheet program…</source>
        <translation>等待您在表格程序中保存工作簿……</translation>
    </message>
    <message>
        <source>Workbook: {path}</source>
        <translation>工作簿：{path}</translation>
    </message>
    <message>
        <source>Open again</source>
        <translation>再次打开</translation>
    </message>
    <message>
        <source>Saved: checking what it changes…</source>
        <translation>已保存：正在检查更改……</translation>
    </message>
    <message>
        <source>This save cannot be read: {reason}</source>
        <translation>无法读取这次保存的文件：{reason}</translation>
    </message>
    <message>
        <source>Reading the workbooks…</source>
        <translation>正在读取工作簿…</translation>
    </message>
    <message>
        <source>Applying the import…</source>
        <translation>正在应用导入…</translation>
    </message>
    <message>
        <source>Import batch {batch} applied. Keep editing: the next save shows its changes.</source>
        <translation>已应用导入批次 {batch}。可继续编辑：下次保存后将显示新的更改。</translation>
    </message>
    <message>
        <source>The last save has changes that are not applied. Apply them before closing?</source>
        <translation>最近一次保存的更改尚未应用。关闭前要应用吗？</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Artefacts</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>All departments (every row, every column open)</source>
        <translation>全部部门（所有行，所有列可编辑）</translation>
    </message>
    <message>
        <source>Include customer names and phone numbers (otherwise masked)</source>
        <translation>包含客户姓名和联系方式（否则脱敏）</translation>
    </message>
    <message>
        <source>Only the {n} records the table shows</source>
        <translation>只导出当前表格中筛选出的 {n} 条记录</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>Word document of one artefact (.docx)</source>
        <translation>单类材料的 Word 文档（.docx）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Conditions of {artefact}: {conditions}. Other artefacts you tick are exported whole.</source>
        <translation>{artefact}的筛选条件：{conditions}。勾选的其他材料导出全部记录。</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose at least one artefact.</source>
        <translation>请至少选择一类材料。</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件保存位置。</translation>
    </message>
    <message>
        <source>A Word document holds one artefact: choose exactly one.</source>
        <translation>Word 文档只能包含一类材料，请只选择一类。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Written: {path}</source>
        <translation>已生成：{path}</translation>
    </message>
</context>
<context>
    <name>FeedbackReportDialog</name>
    <message>
        <source>Customer feedback report</source>
        <translation>客户反馈分析报告</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>From</source>
        <translation>按日期，从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Word document (.docx)</source>
        <translation>Word 文档（.docx）</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>Include customer names and phone numbers (otherwise masked)</source>
        <translation>包含客户姓名和联系方式（否则脱敏）</translation>
    </message>
    <message>
        <source>Each period is set beside the period of the same length before it.</source>
        <translation>报告把所选期间与紧接其前、长度相同的上一期对比。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Write report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件保存位置。</translation>
    </message>
    <message>
        <source>Writing the customer feedback report…</source>
        <translation>正在生成客户反馈分析报告…</translation>
    </message>
    <message>
        <source>Written: {path} ({n} callbacks)</source>
        <translation>已生成：{path}（回访 {n} 次）</translation>
    </message>
</context>
<context>
    <name>FilterDialog</name>
    <message>
        <source>Filter — {name}</source>
        <translation>筛选 — {name}</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source> (from – to)</source>
        <translation>（起 – 止）</translation>
    </message>
    <message>
        <source>The end date is before the start date: no record would match.</source>
        <translation>结束日期早于开始日期，没有记录会符合。</translation>
    </message>
    <message>
        <source>Correct the dates marked in red, or clear them: {problem}</source>
        <translation>请改正标红的日期，或将其清空：{problem}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of {code}</source>
        <translation>{code} 的修改历史</translation>
    </message>
</context>
<context>
    <name>ImportHistoryPage</name>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Created / updated</source>
        <translation>新建 / 更新</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Import workbooks…</source>
        <translation>导入工作簿…</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销此次导入</translation>
    </message>
    <message>
        <source> (same file as batch {n})</source>
        <translation>（与批次 {n} 为同一文件）</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import workbooks</source>
        <translation>导入工作簿</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>The department that returned the workbooks: only its rows, and in them only the columns it may change, are applied. Auto: the department the workbook was exported for.</source>
        <translation>交回工作簿的部门：只应用该部门的行，且只应用其中该部门可以修改的列。自动：按工作簿导出时指定的部门。</translation>
    </message>
    <message>
        <source>Auto (from the workbook)</source>
        <translation>自动（按工作簿）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Check as department</source>
        <translation>按部门权限检查</translation>
    </message>
    <message>
        <source>Choose one or more returned workbooks, or drop them here, then press Check.</source>
        <translation>选择一个或多个退回的工作簿（或拖放到此处），然后点击“检查”。</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Sheet / row / column</source>
        <translation>工作表 / 行 / 列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old (database)</source>
        <translation>原值（数据库）</translation>
    </message>
    <message>
        <source>New (sheet)</source>
        <translation>新值（表格）</translation>
    </message>
    <message>
        <source>Note / decision</source>
        <translation>说明 / 处理</translation>
    </message>
    <message>
        <source>Choose a row to read it whole here; double-click it to see its record.</source>
        <translation>选中一行，可在此查看完整内容；双击可查看它的记录。</translation>
    </message>
    <message>
        <source>Apply the rows without errors and leave the others</source>
        <translation>仅应用没有错误的行，其余保持不变</translation>
    </message>
    <message>
        <source>Conflicts: decide per field</source>
        <translation>冲突：逐项决定</translation>
    </message>
    <message>
        <source>Conflicts: take every sheet value</source>
        <translation>冲突：全部采用表格中的值</translation>
    </message>
    <message>
        <source>Conflicts: keep every database value</source>
        <translation>冲突：全部保留数据库中的值</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Returned workbooks</source>
        <translation>退回的工作簿</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx *.xlsm *.xls *.ods)</source>
        <translation>工作簿 (*.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
        <source>Choose at least one workbook.</source>
        <translation>请至少选择一个工作簿。</translation>
    </message>
    <message>
        <source>Reading the workbooks…</source>
        <translation>正在读取工作簿…</translation>
    </message>
    <message>
        <source>New row</source>
        <translation>新行</translation>
    </message>
    <message>
        <source>&apos;{sheet}&apos; row {row}</source>
        <translation>「{sheet}」第 {row} 行</translation>
    </message>
    <message>
        <source>&apos;{sheet}&apos;</source>
        <translation>「{sheet}」</translation>
    </message>
    <message>
        <source>{where}, column &apos;{column}&apos;</source>
        <translation>{where}「{column}」列</translation>
    </message>
    <message>
        <source>column &apos;{column}&apos;</source>
        <translation>「{column}」列</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Changed both in the database since the export (it was {exported}) and in the sheet: choose which value to keep.</source>
        <translation>导出后，数据库和工作表都改了这一项（导出时为 {exported}）：请选择保留哪个值。</translation>
    </message>
    <message>
        <source>Keep the database value</source>
        <translation>保留数据库中的值</translation>
    </message>
    <message>
        <source>Take the sheet value</source>
        <translation>采用表格中的值</translation>
    </message>
    <message>
        <source>The import is applied: it is in the import history, where it can be undone.</source>
        <translation>导入已生效：可在导入历史中找到，也可以在那里撤销。</translation>
    </message>
    <message>
        <source>Nothing was imported: apply it again.</source>
        <translation>没有导入任何内容：请再应用一次。</translation>
    </message>
    <message>
        <source>Once the server can be reached, look at the import history before applying again: the import may be there already.</source>
        <translation>连接恢复后，请先查看导入历史再决定是否重新应用：这次导入可能已经生效。</translation>
    </message>
    <message>
        <source>Not permitted</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新记录</translation>
    </message>
    <message>
        <source>{n} fields</source>
        <translation>{n} 个字段</translation>
    </message>
    <message>
        <source>Not in sheet</source>
        <translation>表格中缺少</translation>
    </message>
    <message>
        <source>Left as it is</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>{created} new, {updated} changed, {unchanged} unchanged records; {not_permitted} changes not permitted (not applied), {conflicts} conflicts, {errors} errors. Double-click a row to see its record.</source>
        <translation>新建 {created} 条、修改 {updated} 条、未变 {unchanged} 条记录；不允许的更改 {not_permitted} 处（不会应用），冲突 {conflicts} 处，错误 {errors} 处。双击一行可查看对应记录。</translation>
    </message>
    <message>
        <source>{file} is the very file import batch {batch} applied on {at}.</source>
        <translation>{file} 与导入批次 {batch} 于 {at} 应用的文件完全相同。</translation>
    </message>
    <message>
        <source>{n} new rows were imported before and are not created again.</source>
        <translation>{n} 个新行此前已导入过，不会再次新建。</translation>
    </message>
    <message>
        <source>{name}: {value}</source>
        <translation>{name}：{value}</translation>
    </message>
    <message>
        <source>Applying the import…</source>
        <translation>正在应用导入…</translation>
    </message>
    <message>
        <source>Import batch {batch} applied. You can undo it from the import history.</source>
        <translation>导入批次 {batch} 已应用，可在“导入记录”中撤销。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ReviewDesk</source>
        <translation>ReviewDesk 评审台</translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation>新建记录（&amp;N）</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制（&amp;U）</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑（&amp;E）…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除（&amp;D）</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>修改历史（&amp;H）</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销（&amp;U）</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做（&amp;R）</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找（&amp;F）</translation>
    </message>
    <message>
        <source>Fi&amp;lter…</source>
        <translation>筛选（&amp;L）…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新（&amp;R）</translation>
    </message>
    <message>
        <source>&amp;Export workbook…</source>
        <translation>导出（&amp;E）…</translation>
    </message>
    <message>
        <source>&amp;Import workbooks…</source>
        <translation>导入工作簿（&amp;I）…</translation>
    </message>
    <message>
        <source>Export review &amp;pack…</source>
        <translation>导出评审材料包（&amp;P）…</translation>
    </message>
    <message>
        <source>Sen&amp;d to departments…</source>
        <translation>发送给各部门（&amp;D）…</translation>
    </message>
    <message>
        <source>Round s&amp;tatus…</source>
        <translation>交回情况（&amp;T）…</translation>
    </message>
    <message>
        <source>Edit in E&amp;xcel</source>
        <translation>在 Excel 中编辑（&amp;X）</translation>
    </message>
    <message>
        <source>&amp;Customer feedback report…</source>
        <translation>客户反馈分析报告（&amp;C）…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置（&amp;S）…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出（&amp;Q）</translation>
    </message>
    <message>
        <source>&amp;About ReviewDesk</source>
        <translation>关于 ReviewDesk 评审台（&amp;A）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件（&amp;F）</translation>
    </message>
    <message>
        <source>Editing sessions</source>
        <translation>编辑会话</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑（&amp;E）</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图（&amp;V）</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言（&amp;L）</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>报告（&amp;R）</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助（&amp;H）</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Other people&apos;s changes are no longer shown as they happen ({reason}); press F5 to refresh.</source>
        <translation>他人的修改已无法实时显示（{reason}）；请按 F5 刷新。</translation>
    </message>
    <message>
        <source>Account: {account}</source>
        <translation>账户：{account}</translation>
    </message>
    <message>
        <source>Team database: {server}</source>
        <translation>团队数据库：{server}</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source> (on a network drive)</source>
        <translation>（在网络驱动器上）</translation>
    </message>
    <message>
        <source>User: {name}</source>
        <translation>用户：{name}</translation>
    </message>
    <message>
        <source>Decisions and actions of {code}</source>
        <translation>{code} 的决议与行动项</translation>
    </message>
    <message>
        <source>Delete {code}? You can undo this with Ctrl+Z.</source>
        <translation>删除 {code}？可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>正在写出工作簿……</translation>
    </message>
    <message>
        <source>Edit in Excel — {file}</source>
        <translation>在 Excel 中编辑 — {file}</translation>
    </message>
    <message>
        <source>None yet: Edit → Edit in Excel</source>
        <translation>暂无：编辑 → 在 Excel 中编辑</translation>
    </message>
    <message>
        <source>Choose a meeting in the meetings table first.</source>
        <translation>请先在评审会议表中选择一个会议。</translation>
    </message>
    <message>
        <source>Undo import batch {batch}?</source>
        <translation>撤销导入批次 {batch}？</translation>
    </message>
    <message>
        <source>Some of what import batch {batch} changed was changed again since:

{lines}

Undo everything else and keep these as they are?</source>
        <translation>导入批次 {batch} 所做的部分更改之后又被修改过：

{lines}

撤销其余内容，并保持这些内容的现值吗？</translation>
    </message>
    <message>
        <source>Import batch {batch} undone: {restored} record(s) restored, {removed} removed.</source>
        <translation>导入批次 {batch} 已撤销：恢复 {restored} 条记录，移除 {removed} 条。</translation>
    </message>
    <message>
        <source> {kept} change(s) made since were kept.</source>
        <translation>之后所做的 {kept} 处更改保持不变。</translation>
    </message>
    <message>
        <source>ReviewDesk {version}

Reviews of customer-service process optimisation: issues, targets, plans, collaboration requests and callbacks, with Excel and Word review packs.

Database: {path}</source>
        <translation>ReviewDesk 评审台 {version}

客服流程优化评审：问题清单、优化目标、优化方案、跨部门协作申请与满意度回访，生成 Excel 与 Word 评审材料。

数据库：{path}</translation>
    </message>
</context>
<context>
    <name>PackDialog</name>
    <message>
        <source>Review pack of {code}</source>
        <translation>{code} 的评审材料包</translation>
    </message>
    <message>
        <source>Also one workbook per attending department</source>
        <translation>同时为每个参会部门生成一个工作簿</translation>
    </message>
    <message>
        <source>Include customer names and phone numbers (otherwise masked)</source>
        <translation>包含客户姓名和联系方式（否则脱敏）</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Export pack</source>
        <translation>导出材料包</translation>
    </message>
    <message>
        <source>Writing the review pack…</source>
        <translation>正在生成评审材料包…</translation>
    </message>
    <message>
        <source>The review pack of {code} is in {folder} ({n} files).</source>
        <translation>{code} 的评审材料包已生成在 {folder}（共 {n} 个文件）。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Team database password</source>
        <translation>团队数据库密码</translation>
    </message>
    <message>
        <source>The team database {server} asks for the password of account {user}.</source>
        <translation>团队数据库 {server} 需要账户 {user} 的密码。</translation>
    </message>
    <message>
        <source>The server {server} did not accept this password of account {user} (a wrong password, or no such account). Type it again.</source>
        <translation>服务器 {server} 不接受账户 {user} 的这个密码（密码不正确，或没有这个账户）。请重新输入。</translation>
    </message>
    <message>
        <source>ReviewDesk keeps it in the system&apos;s keyring (Windows Credential Manager, the macOS Keychain) and does not ask again on this computer.</source>
        <translation>密码将保存在系统的密钥存储中（Windows 凭据管理器、macOS 钥匙串），在这台电脑上不会再次询问。</translation>
    </message>
    <message>
        <source>This computer has no usable keyring: the password is kept only while ReviewDesk runs and is asked again each time it starts.</source>
        <translation>这台电脑没有可用的系统密钥存储：密码只在 ReviewDesk 运行期间保留，每次启动时都会再次询问。</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>New record</source>
        <translation>新记录</translation>
    </message>
    <message>
        <source>New actions</source>
        <translation>新的行动项</translation>
    </message>
    <message>
        <source>All open records; KPI readings of the last {days} days</source>
        <translation>全部未关闭记录；指标读数为最近 {days} 天的</translation>
    </message>
    <message>
        <source>{code} has changes that are not saved. Save them before closing?</source>
        <translation>{code} 有尚未保存的修改。关闭前要保存吗？</translation>
    </message>
    <message>
        <source>The new record is not saved. Save it before closing?</source>
        <translation>新记录尚未保存。关闭前要保存吗？</translation>
    </message>
    <message>
        <source>{artefact} · {code} · revision {revision}, last changed by {who} at {when}</source>
        <translation>{artefact} · {code} · 第 {revision} 版，{who} 最后修改于 {when}</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请改正标红的字段。</translation>
    </message>
    <message>
        <source>Not saved: a new action is refused: {reason}</source>
        <translation>未保存：新的行动项有误：{reason}</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>The record is saved; the editor closes.</source>
        <translation>记录已保存，编辑窗口将关闭。</translation>
    </message>
    <message>
        <source>What you typed is still in the form: save again.</source>
        <translation>您输入的内容仍在表单中：请再保存一次。</translation>
    </message>
    <message>
        <source>What you typed is still in the form. Once the server can be reached, look at the record in the table before saving again: it may hold your changes already.</source>
        <translation>您输入的内容仍在表单中。连接恢复后，请先在表格中查看这条记录再决定是否重新保存：它可能已经包含您的修改。</translation>
    </message>
    <message>
        <source>{who} deleted this record at {when}.</source>
        <translation>{who}已于 {when} 删除了此记录。</translation>
    </message>
    <message>
        <source>{who} saved this record at {when} (now revision {revision}). Saving will show what differs, field by field.</source>
        <translation>{who}已于 {when} 保存了此记录（现为版本 {revision}）。保存时将逐字段列出差异。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation>您打开时</translation>
    </message>
    <message>
        <source>Saved by {who}</source>
        <translation>{who}保存的</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的</translation>
    </message>
    <message>
        <source>Not saved: {who} saved this record meanwhile (now revision {revision}). Their changes are in the form; the fields in red clash with yours. Save again to keep your values.</source>
        <translation>未保存：{who}在此期间保存了此记录（现为版本 {revision}）。对方的修改已填入表单，红色字段与您的修改冲突。再次保存将保留您的值。</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <source>As the database holds it now, read only. Marked: what the sheet would change.</source>
        <translation>数据库中的当前内容，只读；标出的是工作表要修改的字段。</translation>
    </message>
    <message>
        <source>As the database holds it now, read only.</source>
        <translation>数据库中的当前内容，只读。</translation>
    </message>
    <message>
        <source>Sheet: {value}</source>
        <translation>工作表：{value}</translation>
    </message>
</context>
<context>
    <name>RoundBox</name>
    <message>
        <source>Overdue, not returned</source>
        <translation>逾期未交回</translation>
    </message>
    <message>
        <source>Not returned yet</source>
        <translation>未交回</translation>
    </message>
    <message>
        <source>Returned {day}, late</source>
        <translation>{day} 交回（逾期）</translation>
    </message>
    <message>
        <source>Returned {day}</source>
        <translation>{day} 交回</translation>
    </message>
    <message>
        <source>Current round</source>
        <translation>本轮评审</translation>
    </message>
    <message>
        <source>No workbooks sent yet: on the meetings page, choose Send to departments…</source>
        <translation>尚未发送评审工作簿：请在「评审会议」页面选择「发送给各部门…」</translation>
    </message>
    <message>
        <source>Current round: {code} {title}</source>
        <translation>本轮评审：{code} {title}</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Workbook</source>
        <translation>工作簿</translation>
    </message>
    <message>
        <source>Open actions</source>
        <translation>未完成行动项</translation>
    </message>
    <message>
        <source>Due back {deadline} · returned {back} · not yet {waiting} · overdue {late}</source>
        <translation>交回期限 {deadline} · 已交回 {back} · 未交回 {waiting} · 逾期 {late}</translation>
    </message>
    <message>
        <source>Not in the round</source>
        <translation>未在本轮</translation>
    </message>
    <message>
        <source>Open the meeting, its round status and reminders</source>
        <translation>打开该会议，查看交回情况并催交</translation>
    </message>
</context>
<context>
    <name>RoundDialogs</name>
    <message>
        <source>Reminders for {n} department(s) are in {folder}.</source>
        <translation>已为 {n} 个部门写出催交邮件，位于 {folder}。</translation>
    </message>
    <message>
        <source>Workbooks and e-mail drafts for {n} department(s) are in {folder}.</source>
        <translation>已为 {n} 个部门写出工作簿和邮件草稿，位于 {folder}。</translation>
    </message>
    <message>
        <source>No contact e-mail, send their workbook another way: {names}</source>
        <translation>以下部门没有联系邮箱，请另行发送工作簿：{names}</translation>
    </message>
</context>
<context>
    <name>RoundStatusDialog</name>
    <message>
        <source>Round status of {code}</source>
        <translation>{code} 的交回情况</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>交回时间</translation>
    </message>
    <message>
        <source>Import batch</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改数</translation>
    </message>
    <message>
        <source>Not permitted</source>
        <translation>不允许的修改</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Remind…</source>
        <translation>催交…</translation>
    </message>
    <message>
        <source>Nothing has been sent for this meeting yet: use Send to departments…</source>
        <translation>本会议尚未发送评审材料：请使用「发送给各部门…」</translation>
    </message>
    <message>
        <source>Due back {deadline}: {back} of {n} returned, {late} overdue.</source>
        <translation>交回期限 {deadline}：{n} 个部门中已交回 {back} 个，逾期 {late} 个。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Folder for the reminders</source>
        <translation>催交邮件的文件夹</translation>
    </message>
    <message>
        <source>Writing the reminders…</source>
        <translation>正在写出催交邮件…</translation>
    </message>
</context>
<context>
    <name>SendRoundDialog</name>
    <message>
        <source>Send {code} to departments</source>
        <translation>将 {code} 发送给各部门</translation>
    </message>
    <message>
        <source>no contact e-mail</source>
        <translation>无联系邮箱</translation>
    </message>
    <message>
        <source>Include customer names and phone numbers (otherwise masked)</source>
        <translation>包含客户姓名和联系方式（否则脱敏）</translation>
    </message>
    <message>
        <source>{title}: one workbook per department with an e-mail draft to its contact address; the round remembers what went to whom.</source>
        <translation>{title}：每个部门一个工作簿，附一封发往其联系邮箱的邮件草稿；本轮评审会记住发给了谁、发了什么。</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Due back by</source>
        <translation>交回期限</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Check at least one department.</source>
        <translation>请至少勾选一个部门。</translation>
    </message>
    <message>
        <source>Writing the workbooks and e-mail drafts…</source>
        <translation>正在写出工作簿和邮件草稿…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Your name (audit log)</source>
        <translation>您的姓名（写入操作日志）</translation>
    </message>
    <message>
        <source>Built-in look</source>
        <translation>内置样式</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Base Word template (.docx)</source>
        <translation>Word 基础模板（.docx）</translation>
    </message>
    <message>
        <source>Base Word template</source>
        <translation>Word 基础模板</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Current database: the team database {server}, account {account}</source>
        <translation>当前数据库：团队数据库 {server}，账户 {account}</translation>
    </message>
    <message>
        <source>Current database: {path}</source>
        <translation>当前数据库：{path}</translation>
    </message>
    <message>
        <source>Database file on this computer</source>
        <translation>本机数据库文件</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>打开其他数据库…</translation>
    </message>
    <message>
        <source>Create a new database…</source>
        <translation>新建数据库…</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>A team database is backed up by IT on its server.</source>
        <translation>团队数据库由 IT 在服务器上备份。</translation>
    </message>
    <message>
        <source>Connect to a team database</source>
        <translation>连接团队数据库</translation>
    </message>
    <message>
        <source>e.g. db.example.com</source>
        <translation>如 db.example.com</translation>
    </message>
    <message>
        <source>e.g. review</source>
        <translation>如 review</translation>
    </message>
    <message>
        <source>the login IT made for you</source>
        <translation>IT 为您建立的登录名</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>The password is not typed here: ReviewDesk asks for it when it first connects and keeps it in the system&apos;s keyring.</source>
        <translation>密码不在这里填写：第一次连接时 ReviewDesk 会询问密码，并保存在系统的密钥存储中。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>正在连接 {server}…</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>ReviewDesk database (*.sqlite3 *.db);;All files (*)</source>
        <translation>ReviewDesk 数据库 (*.sqlite3 *.db);；所有文件 (*)</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>ReviewDesk database (*.sqlite3)</source>
        <translation>ReviewDesk 数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <source>{path} exists already; choose a new name.</source>
        <translation>{path} 已存在，请换一个名称。</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>已备份到 {path}</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Backups (*.bak*.sqlite3 *.sqlite3 *.db)</source>
        <translation>备份 (*.bak*.sqlite3 *.sqlite3 *.db)</translation>
    </message>
    <message>
        <source>Replace the current database by this backup? Its present content is backed up first.</source>
        <translation>用此备份替换当前数据库？替换前会先备份当前内容。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Delete department {name}?</source>
        <translation>删除部门 {name}？</translation>
    </message>
    <message>
        <source>Delete {name}?</source>
        <translation>删除 {name}？</translation>
    </message>
</context>
<context>
    <name>TargetProgressPanel</name>
    <message>
        <source>Add a reading…</source>
        <translation>添加读数…</translation>
    </message>
    <message>
        <source>KPI tracking</source>
        <translation>指标跟踪</translation>
    </message>
    <message>
        <source>Before and after the pilot</source>
        <translation>试点前后对比</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>指标读数</translation>
    </message>
    <message>
        <source>Pilot: {period}</source>
        <translation>试点期：{period}</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>A file operation failed{name}: {reason}</source>
        <translation>文件操作失败{name}：{reason}</translation>
    </message>
    <message>
        <source>Something unexpected went wrong: {error}</source>
        <translation>发生意外错误：{error}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open the drafts</source>
        <translation>打开邮件草稿</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>e.g. 2026-11-30</source>
        <translation>如 2026-11-30</translation>
    </message>
    <message>
        <source>Pick the date from a calendar</source>
        <translation>从日历中选择日期</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a date. Type a date such as 2026-11-30, 2026/11/30, 2026.11.30 or 2026年11月30日, or pick one from the calendar.</source>
        <translation>「{text}」不是日期。请填写 2026-11-30、2026/11/30、2026.11.30 或 2026年11月30日 这样的日期，或从日历中选择。</translation>
    </message>
    <message>
        <source>Agenda item</source>
        <translation>议程项</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决议</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加议程</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除议程</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>undo</name>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
</TS>
