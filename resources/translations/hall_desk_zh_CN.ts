<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionForm</name>
    <message>
        <source>&amp;Save</source>
        <extracomment>action -&gt; [(field key, editor kind)]; every action also takes a ``note``. actions whose texts speak to the customer: the phrase panel and the vague-promise check the forms whose texts are the hall&apos;s promises (the vague-promise check); the callback&apos;s text is the customer&apos;s words Characters a choice box shows at the least; a longer choice does not widen the form.</extracomment>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Callback method</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <source>e.g. 200.00 (leave empty for none)</source>
        <translation>如 200.00（无补偿请留空）</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>BackupSettingsBox</name>
    <message>
        <source>Choose the backup folder</source>
        <translation>选择备份文件夹</translation>
    </message>
    <message>
        <source>Automatic backup</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>A copy of the database is written to this folder (for example a USB drive) at the first start of each day and when the program is closed; only the newest copies are kept. If the folder is missing the counter keeps working and the status bar says so. Leave the folder empty to switch automatic backups off.</source>
        <translation>每天第一次启动时和关闭程序时，把数据库复制一份到这个文件夹（例如U盘），只保留最新的几份。文件夹不在时柜台照常工作，状态栏会提示。文件夹留空即关闭自动备份。</translation>
    </message>
    <message>
        <source>e.g. E:\backup or /media/usb/backup</source>
        <translation>如 E:\备份 或 /media/usb/备份</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source> copies</source>
        <translation> 份</translation>
    </message>
    <message>
        <source>Backup &amp;folder:</source>
        <translation>备份文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Keep the newest:</source>
        <translation>保留最新(&amp;K)：</translation>
    </message>
    <message>
        <source>Back &amp;up now</source>
        <translation>立即备份(&amp;U)</translation>
    </message>
    <message>
        <source>Check and save &amp;backup settings</source>
        <translation>检查并保存备份设置(&amp;B)</translation>
    </message>
    <message>
        <source>No automatic backup has been made yet.</source>
        <translation>尚未进行过自动备份。</translation>
    </message>
    <message>
        <source>Last automatic backup: %1, to %2</source>
        <translation>上次自动备份：%1，备份到 %2</translation>
    </message>
    <message>
        <source>Saved: automatic backups are off.</source>
        <translation>已保存：自动备份已关闭。</translation>
    </message>
    <message>
        <source>Saved: a backup to %1 every day and on exit, keeping the newest %2.</source>
        <translation>已保存：每天及退出时备份到 %1，保留最新 %2 份。</translation>
    </message>
</context>
<context>
    <name>CallbacksTab</name>
    <message>
        <source>Record a callback</source>
        <translation>记录回访</translation>
    </message>
    <message>
        <source>Select a callback in the list.</source>
        <translation>请在左侧列表中选择一条回访。</translation>
    </message>
    <message>
        <source>&amp;Reached the customer</source>
        <translation>已联系上客户(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Not reached</source>
        <translation>未联系上(&amp;N)</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>The customer&apos;s words; the reason when dissatisfied (the ticket reopens)</source>
        <translation>客户原话；不满意时填写理由（工单将重新处理）</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>回访方式(&amp;M)：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>S&amp;atisfaction:</source>
        <translation>满意度(&amp;A)：</translation>
    </message>
    <message>
        <source>Customer&apos;s &amp;words:</source>
        <translation>客户意见(&amp;W)：</translation>
    </message>
    <message>
        <source>Sa&amp;ve callback</source>
        <translation>保存回访(&amp;V)</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Due at</source>
        <translation>应回访时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>未接通次数</translation>
    </message>
    <message>
        <source>for the supervisor</source>
        <translation>请主管决定</translation>
    </message>
    <message>
        <source>%1 callbacks due, %2 overdue.</source>
        <translation>待回访 %1 件，其中已超时 %2 件。</translation>
    </message>
    <message>
        <source>Replied %1: %2</source>
        <translation>%1答复：%2</translation>
    </message>
    <message>
        <source>%1 attempt(s) without reaching the customer, the last at %2.</source>
        <translation>已%1次未联系上客户，最近一次在%2。</translation>
    </message>
    <message>
        <source>%1: not reached; a retry is due later.</source>
        <translation>%1：未联系上客户，稍后再次回访。</translation>
    </message>
    <message>
        <source>%1: dissatisfied; the ticket is reopened for a second round.</source>
        <translation>%1：客户不满意，工单已转入二次处理。</translation>
    </message>
    <message>
        <source>%1: callback recorded.</source>
        <translation>%1：回访已记录。</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Show the numbers of this chart as a table</source>
        <translation>以表格显示本图的数字</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>The checklist appears when the reception starts.</source>
        <translation>接待开始后显示事项清单。</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <source>Register a complaint (to the back room)</source>
        <translation>登记投诉（引导至后台）</translation>
    </message>
    <message>
        <source>During the visit of %1: lead the customer to the back room at once; the ticket is linked to this reception.</source>
        <translation>“%1”来访期间：请立即引导客户到后台；工单将关联本次接待。</translation>
    </message>
    <message>
        <source>The customer asks to stay anonymous</source>
        <translation>客户要求匿名</translation>
    </message>
    <message>
        <source>Read back and confirmed by the customer</source>
        <translation>已向客户复述并经客户确认</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>What happened *</source>
        <translation>事由 *</translation>
    </message>
    <message>
        <source>What the customer wants</source>
        <translation>客户诉求</translation>
    </message>
    <message>
        <source>Customer&apos;s mood</source>
        <translation>客户情绪</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CounterDialog</name>
    <message>
        <source>This PC&apos;s counter</source>
        <translation>本机柜台</translation>
    </message>
    <message>
        <source>%1 is set up, but this PC has no counter code yet. Which counter is this PC at?</source>
        <translation>%1已完成设置，但本机还没有柜台编号。本机是哪个柜台？</translation>
    </message>
    <message>
        <source>e.g. A1</source>
        <translation>如 A1</translation>
    </message>
    <message>
        <source>&amp;Counter code:</source>
        <translation>柜台编号(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
</context>
<context>
    <name>DeadlineSettingsBox</name>
    <message>
        <source>Time limits and working days</source>
        <translation>时限与工作日</translation>
    </message>
    <message>
        <source>Custom (edited below)</source>
        <translation>自定义（在下方编辑）</translation>
    </message>
    <message>
        <source>Polic&amp;y:</source>
        <translation>时限方案(&amp;Y)：</translation>
    </message>
    <message>
        <source>Check and save policy</source>
        <translation>校验并保存方案</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>Working days are known up to {0} (imported years: {1}). When the State Council publishes next year&apos;s holidays, import them as a calendar file (see resources/calendars/2026.toml); until then, deadlines in that year are provisional (暂定: weekends and New Year, Labour Day and National Day off) and are worked out again on import. Single days are corrected below.</source>
        <translation>工作日历已知至 {0}（已导入年度：{1}）。国务院公布下一年度节假日安排后，请以日历文件导入（格式见 resources/calendars/2026.toml）；在此之前，该年度的时限为暂定（按周末及元旦、劳动节、国庆节休息计算），导入后自动重算。个别日期可在下方调整。</translation>
    </message>
    <message>
        <source>&amp;Import a year&apos;s calendar…</source>
        <translation>导入年度日历(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a year&apos;s calendar</source>
        <translation>导入年度日历</translation>
    </message>
    <message>
        <source>Calendar files (*.toml);;All files (*)</source>
        <translation>日历文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Day is</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Holiday (day off)</source>
        <translation>节假日（休息）</translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <source>e.g. Spring Festival 2027</source>
        <translation>例如：2027年春节</translation>
    </message>
    <message>
        <source>Add &amp;day</source>
        <translation>添加日期(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;move selected</source>
        <translation>删除所选(&amp;M)</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>时限方案</translation>
    </message>
    <message>
        <source>The policy is saved and applies now.</source>
        <translation>时限方案已保存，立即生效。</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
</context>
<context>
    <name>DutyLogTab</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>D&amp;ay:</source>
        <translation>日期(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Open incidents only (any day)</source>
        <translation>只看未结事件（不限日期）(&amp;O)</translation>
    </message>
    <message>
        <source>Show s&amp;uperseded entries</source>
        <translation>显示已被更新的记录(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Print the day&apos;s log…</source>
        <translation>打印当日值班记录(&amp;P)…</translation>
    </message>
    <message>
        <source>%1 of no. %2</source>
        <translation>%1第%2号</translation>
    </message>
    <message>
        <source>Superseded by no. %1</source>
        <translation>已由第%1号更新</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <source>(not yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <source>Wh&amp;en:</source>
        <translation>发生时间(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;What happened:</source>
        <translation>事情经过(&amp;W)：</translation>
    </message>
    <message>
        <source>Handled &amp;by:</source>
        <translation>处理人(&amp;B)：</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>采取的措施：</translation>
    </message>
    <message>
        <source>Sa&amp;ve entry</source>
        <translation>保存记录(&amp;V)</translation>
    </message>
    <message>
        <source>Selected entry: follow up</source>
        <translation>所选记录：后续处理</translation>
    </message>
    <message>
        <source>Select an entry in the list.</source>
        <translation>请在左侧列表中选择一条记录。</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>（不变）</translation>
    </message>
    <message>
        <source>Entry te&amp;xt:</source>
        <translation>记录内容(&amp;X)：</translation>
    </message>
    <message>
        <source>Handled b&amp;y:</source>
        <translation>处理人(&amp;Y)：</translation>
    </message>
    <message>
        <source>What was do&amp;ne:</source>
        <translation>采取的措施(&amp;N)：</translation>
    </message>
    <message>
        <source>Outco&amp;me:</source>
        <translation>处理结果(&amp;M)：</translation>
    </message>
    <message>
        <source>Save correct&amp;ion</source>
        <translation>保存更正(&amp;I)</translation>
    </message>
    <message>
        <source>Entries are never changed: the correction is a new entry pointing at this one</source>
        <translation>记录不能修改：更正会另起一条新记录并指向本条</translation>
    </message>
    <message>
        <source>&amp;Record handling</source>
        <translation>记录处理情况(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;lose incident</source>
        <translation>结案(&amp;L)</translation>
    </message>
    <message>
        <source>Prescribed response:</source>
        <translation>规定的处置要求：</translation>
    </message>
    <message>
        <source>No. %1, %2, %3</source>
        <translation>第%1号，%2，%3</translation>
    </message>
    <message>
        <source>Superseded by no. %1: follow up the newest entry.</source>
        <translation>已由第%1号更新：请在最新记录上操作。</translation>
    </message>
    <message>
        <source>Duty log %1</source>
        <translation>值班记录 %1</translation>
    </message>
</context>
<context>
    <name>DutyPage</name>
    <message>
        <source>&amp;Duty log</source>
        <translation>值班记录(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Callbacks</source>
        <translation>回访(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Handover</source>
        <translation>交接班(&amp;H)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up hall_desk</source>
        <translation>hall_desk 初始设置</translation>
    </message>
    <message>
        <source>Welcome. This database is empty: set up the hall once. The administrator you create here then adds the other staff in Settings.</source>
        <translation>欢迎使用。数据库还是空的，请完成一次性的大厅设置。在此创建的管理员之后可在“设置”中添加其他员工。</translation>
    </message>
    <message>
        <source>e.g. City East Power Supply Hall</source>
        <translation>如 城东供电营业厅</translation>
    </message>
    <message>
        <source>e.g. A1</source>
        <translation>如 A1</translation>
    </message>
    <message>
        <source>letters and digits, e.g. admin</source>
        <translation>字母和数字，如 admin</translation>
    </message>
    <message>
        <source>6 to 8 digits</source>
        <translation>6到8位数字</translation>
    </message>
    <message>
        <source>&amp;Hall name:</source>
        <translation>大厅名称(&amp;H)：</translation>
    </message>
    <message>
        <source>This PC&apos;s &amp;counter code:</source>
        <translation>本机柜台编号(&amp;C)：</translation>
    </message>
    <message>
        <source>Administrator&apos;s &amp;name:</source>
        <translation>管理员姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>Administrator&apos;s &amp;login:</source>
        <translation>管理员登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>Administrator&apos;s &amp;PIN:</source>
        <translation>管理员PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>PIN &amp;again:</source>
        <translation>再次输入PIN(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Set up</source>
        <translation>完成设置(&amp;S)</translation>
    </message>
</context>
<context>
    <name>HandoverTab</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>State</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Query and answer</source>
        <translation>疑问与答复</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>交班人</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>接班人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>事项数</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>&amp;Assemble my shift&apos;s handover</source>
        <translation>汇总本班交接事项(&amp;A)</translation>
    </message>
    <message>
        <source>A note for the next shift</source>
        <translation>给下一班的留言</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>添加留言(&amp;N)</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>交班签名(&amp;O)…</translation>
    </message>
    <message>
        <source>Your question about the item, or the answer to a question</source>
        <translation>对所选事项的疑问，或对疑问的答复</translation>
    </message>
    <message>
        <source>&amp;Question / answer:</source>
        <translation>疑问/答复(&amp;Q)：</translation>
    </message>
    <message>
        <source>Ac&amp;knowledge</source>
        <translation>确认(&amp;K)</translation>
    </message>
    <message>
        <source>Acknowledge all &amp;pending</source>
        <translation>确认全部待确认事项(&amp;P)</translation>
    </message>
    <message>
        <source>Q&amp;uery</source>
        <translation>提出疑问(&amp;U)</translation>
    </message>
    <message>
        <source>Ans&amp;wer</source>
        <translation>答复疑问(&amp;W)</translation>
    </message>
    <message>
        <source>Sign &amp;in (take over)…</source>
        <translation>接班签名(&amp;I)…</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>打印(&amp;R)…</translation>
    </message>
    <message>
        <source>Past handovers</source>
        <translation>历史交接班记录</translation>
    </message>
    <message>
        <source>name or login</source>
        <translation>姓名或登录名</translation>
    </message>
    <message>
        <source>S&amp;earch</source>
        <translation>查询(&amp;E)</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>至：</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>人员：</translation>
    </message>
    <message>
        <source>No handover in progress. %1 hands over next: assemble it at the end of the shift.</source>
        <translation>目前没有进行中的交接班。下一个交班的是 %1：请在班次结束时汇总交接事项。</translation>
    </message>
    <message>
        <source>No. %1 · %2 %3–%4 · outgoing %5 · incoming %6 · %7 · %8 pending, %9 queried</source>
        <translation>第%1号 · %2 %3–%4 · 交班人 %5 · 接班人 %6 · %7 · 待确认 %8 项，有疑问 %9 项</translation>
    </message>
    <message>
        <source>Q: %1</source>
        <translation>问：%1</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>答：%1</translation>
    </message>
    <message>
        <source>Outgoing person&apos;s signature</source>
        <translation>交班人签名</translation>
    </message>
    <message>
        <source>Incoming person&apos;s signature</source>
        <translation>接班人签名</translation>
    </message>
    <message>
        <source>Handover record no. %1</source>
        <translation>交接班记录 第%1号</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>C&amp;hannel</source>
        <translation>渠道(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>(not chosen)</source>
        <translation>（未选择）</translation>
    </message>
    <message>
        <source>Received a&amp;t</source>
        <translation>受理时间(&amp;T)</translation>
    </message>
    <message>
        <source>Customer &amp;name</source>
        <translation>客户姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>联系电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Emotional state</source>
        <translation>客户情绪(&amp;E)</translation>
    </message>
    <message>
        <source>Pr&amp;iority</source>
        <translation>优先级(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;What happened</source>
        <translation>事由(&amp;W)</translation>
    </message>
    <message>
        <source>In the customer&apos;s words: what happened, when, where, who</source>
        <translation>用客户的话记录：什么事、何时、何地、涉及何人</translation>
    </message>
    <message>
        <source>Customer&apos;s &amp;demand</source>
        <translation>客户诉求(&amp;D)</translation>
    </message>
    <message>
        <source>What the customer wants done</source>
        <translation>客户希望如何处理</translation>
    </message>
    <message>
        <source>E&amp;vidence</source>
        <translation>证据材料(&amp;V)</translation>
    </message>
    <message>
        <source>Receipts, photos, documents the customer showed or left</source>
        <translation>客户出示或留下的票据、照片、文件等</translation>
    </message>
    <message>
        <source>Agreed reply time</source>
        <translation>约定答复时间</translation>
    </message>
    <message>
        <source>Urgent: safety or major rights at stake, media or a lawyer involved. A repeat complaint is raised to high by itself.</source>
        <translation>紧急：涉及安全或重大权益、新闻媒体或律师介入。重复投诉会自动提高为“高”。</translation>
    </message>
    <message>
        <source>Agreed with the customer (&amp;Y)</source>
        <translation>已与客户约定(&amp;Y)</translation>
    </message>
    <message>
        <source>A reply time agreed with the customer replaces the default time limit.</source>
        <translation>与客户约定的答复时间优先于默认时限。</translation>
    </message>
    <message>
        <source>Customer asks to stay anony&amp;mous</source>
        <translation>客户要求匿名(&amp;M)</translation>
    </message>
    <message>
        <source>Name and phone are kept but hidden in lists, searches and the queue; only authorised roles can see them, and each look is logged.</source>
        <translation>姓名和电话仍会记录，但在列表、搜索结果和工单队列中隐藏；仅授权角色可查看，且每次查看都会留痕。</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <source>Anonymity</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source>First receiver</source>
        <translation>首问负责人</translation>
    </message>
    <message>
        <source>First-receiver responsibility: the first receiver follows the case to the end.</source>
        <translation>首问负责制：首问负责人跟进到底。</translation>
    </message>
    <message>
        <source>* required for this kind</source>
        <translation>* 为此类型的必填项</translation>
    </message>
    <message>
        <source>This customer&apos;s tickets (last 90 days)</source>
        <translation>该客户近90天的工单</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Materials (one-time notification)</source>
        <translation>所需材料（一次性告知）</translation>
    </message>
    <message>
        <source>&amp;Business</source>
        <translation>业务类型(&amp;B)</translation>
    </message>
    <message>
        <source>Tick every material the applicant lacks (Space ticks).</source>
        <translation>勾选申请人缺少的全部材料（空格键勾选）。</translation>
    </message>
    <message>
        <source>Read back to the customer</source>
        <translation>向客户复述确认</translation>
    </message>
    <message>
        <source>Customer con&amp;firmed</source>
        <translation>客户已确认(&amp;F)</translation>
    </message>
    <message>
        <source>Space ticks; Ctrl+S saves. Changing any field hides this.</source>
        <translation>空格或回车勾选，Ctrl+S 保存。修改任何内容后需重新复述。</translation>
    </message>
    <message>
        <source>Enter: next field · Tab or Ctrl+Enter: leave a text box · Ctrl+S: read back, then save · Esc: clear</source>
        <translation>回车：下一项 · Tab 或 Ctrl+回车：离开多行框 · Ctrl+S：复述确认，再按保存 · Esc：清空</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>清空 (Esc)</translation>
    </message>
    <message>
        <source>A walk-in is received now.</source>
        <translation>现场受理时间即当前时间。</translation>
    </message>
    <message>
        <source>When the letter, call or transfer came in.</source>
        <translation>信函、来电或转办到达的时间。</translation>
    </message>
    <message>
        <source>Type the phone number to see the customer&apos;s earlier tickets.</source>
        <translation>输入电话后显示该客户近期的工单。</translation>
    </message>
    <message>
        <source>No earlier tickets of this phone number in the last 90 days.</source>
        <translation>该号码近90天内没有工单。</translation>
    </message>
    <message>
        <source>Earlier tickets of this customer in the last 90 days: %1.</source>
        <translation>该客户近90天内已有 %1 张工单。</translation>
    </message>
    <message>
        <source>A repeat complaint is registered with raised priority (high).</source>
        <translation>重复投诉将提高优先级（高）登记。</translation>
    </message>
    <message>
        <source>Restore the unsaved intake from %1?</source>
        <translation>恢复上次未保存的登记？（保存于 %1）</translation>
    </message>
    <message>
        <source>Clear this intake? What was typed is lost.</source>
        <translation>清空本次登记？已输入的内容将丢失。</translation>
    </message>
    <message>
        <source>Read back (Ctrl+S)</source>
        <translation>复述确认 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存登记 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Read the summary to the customer and tick &quot;Customer confirmed&quot; first.</source>
        <translation>请先向客户复述，并勾选“客户已确认”</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>Tick: done now, by me</source>
        <translation>勾选：由我于此刻完成</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Not applicable this time (with a reason)</source>
        <translation>本次不适用（须写明原因）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Done by %1 at %2</source>
        <translation>%1 于 %2 完成</translation>
    </message>
    <message>
        <source>Not applicable: %1</source>
        <translation>不适用：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>This counter is locked</source>
        <translation>本柜台已锁定</translation>
    </message>
    <message>
        <source>%1 locked it. Type your PIN to continue.</source>
        <translation>%1锁定了本柜台。请输入PIN继续。</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Log out (&amp;switch user)</source>
        <translation>注销（切换用户）(&amp;S)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in - hall_desk</source>
        <translation>登录 - hall_desk</translation>
    </message>
    <message>
        <source>%1, counter %2</source>
        <translation>%1&#x3000;%2号柜台</translation>
    </message>
    <message>
        <source>&amp;Who is logging in?</source>
        <translation>请选择您的姓名(&amp;W)：</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Choose your name in the list first.</source>
        <translation>请先在列表中选择您的姓名。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>⚠ %1 holidays not entered: deadlines provisional</source>
        <translation>⚠ %1年节假日未录入，时限暂定</translation>
    </message>
    <message>
        <source>hall_desk - %1 - counter %2</source>
        <translation>hall_desk - %1 - %2号柜台</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Verify a printed record…</source>
        <translation>核验打印件(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>柜台 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>NoticeForm</name>
    <message>
        <source>e.g. inspection team of the city company</source>
        <translation>例如：市供电公司检查组</translation>
    </message>
    <message>
        <source> persons</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>Visiting unit *</source>
        <translation>来访单位 *</translation>
    </message>
    <message>
        <source>Leading person</source>
        <translation>带队人</translation>
    </message>
    <message>
        <source>Expected time *</source>
        <translation>预计到达时间 *</translation>
    </message>
    <message>
        <source>Number of visitors *</source>
        <translation>来访人数 *</translation>
    </message>
    <message>
        <source>Purpose *</source>
        <translation>来访事由 *</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>接待模板</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Sa&amp;ve notice</source>
        <translation>保存通知(&amp;V)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>By purpose</source>
        <translation>按来访事由自动选择</translation>
    </message>
    <message>
        <source>New visit notice</source>
        <translation>登记来访通知</translation>
    </message>
    <message>
        <source>Correct the notice</source>
        <translation>修改来访通知</translation>
    </message>
</context>
<context>
    <name>PostsEditor</name>
    <message>
        <source>Save p&amp;osts</source>
        <translation>保存岗位安排(&amp;O)</translation>
    </message>
    <message>
        <source>Two greeters/guides (that day&apos;s receptionists), one explainer, the shift leader, and every counter seat manned.</source>
        <translation>两名迎宾、引导员（由当日接待员担任），一名讲解员，班长，各坐席均须在岗。</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— 无人 —</translation>
    </message>
    <message>
        <source>Every post is filled.</source>
        <translation>各岗位均已安排。</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Print preview - %1</source>
        <translation>打印预览 - %1</translation>
    </message>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The sheet could not be built: %1</source>
        <translation>单据生成失败：%1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 / %2 页</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Number</source>
        <extracomment>Columns the service can sort by, and its name for that order.</extracomment>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Department / handler</source>
        <translation>责任部门 / 处理人</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>下一时限</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>▲ Escalated</source>
        <translation>▲ 已升级</translation>
    </message>
    <message>
        <source>✖ Overdue by %1</source>
        <translation>✖ 已超时 %1</translation>
    </message>
    <message>
        <source>⚠ Due soon, %1 left</source>
        <translation>⚠ 即将到期 剩余 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1h %2min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1: due %2</source>
        <translation>%1：截止 %2</translation>
    </message>
    <message>
        <source>Escalated to the service supervisor (24 hours without completion)</source>
        <translation>已上报客服主管（24小时未办结）</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>⚠ due soon (under 2 hours or 20% of the time left)   ✖ overdue   ▲ escalated</source>
        <translation>⚠ 即将到期（剩余不足2小时或不足20%）   ✖ 已超时   ▲ 已升级</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <source>Ticket number, phone, name or pinyin initials; or scan the receipt</source>
        <translation>工单编号、电话、姓名或拼音首字母；也可扫描回执</translation>
    </message>
    <message>
        <source>Open (not archived)</source>
        <translation>未归档</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>&amp;Mine</source>
        <translation>我的(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Overdue only</source>
        <translation>仅超时(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Escalated only</source>
        <translation>仅已升级(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Received from</source>
        <translation>受理日期(&amp;R)</translation>
    </message>
    <message>
        <source>Se&amp;arch:</source>
        <translation>搜索(&amp;A)：</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>%1 tickets, %2 shown</source>
        <translation>共 %1 张工单，已显示 %2 张</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Your ticket number</source>
        <translation>您的工单编号</translation>
    </message>
    <message>
        <source>Keep this number: use it to ask about your case.</source>
        <translation>请妥善保管，凭此编号查询办理进度。</translation>
    </message>
    <message>
        <source>We will reply to you by %1.</source>
        <translation>我们将于 %1 前答复您。</translation>
    </message>
    <message>
        <source>Reply time: %1</source>
        <translation>答复时间：%1</translation>
    </message>
    <message>
        <source>to be agreed with you</source>
        <translation>另行与您约定</translation>
    </message>
    <message>
        <source>%1 · received %2</source>
        <translation>%1 · 受理时间 %2</translation>
    </message>
    <message>
        <source>&amp;Print receipt</source>
        <translation>打印回执(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
    <message>
        <source>Print on A5…</source>
        <translation>用A5纸打印…</translation>
    </message>
    <message>
        <source>Print on the 80 mm receipt printer…</source>
        <translation>用80毫米小票打印机打印…</translation>
    </message>
    <message>
        <source>Printing needs a logged-in person.</source>
        <translation>需要登录后才能打印。</translation>
    </message>
    <message>
        <source>The receipt was printed.</source>
        <translation>回执已打印。</translation>
    </message>
    <message>
        <source>Done (Enter)</source>
        <translation>完成 (回车)</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <source>&amp;New visit notice</source>
        <translation>登记来访通知(&amp;N)</translation>
    </message>
    <message>
        <source>Check&amp;list templates…</source>
        <translation>接待模板(&amp;L)…</translation>
    </message>
    <message>
        <source>Visits, tours and inspections</source>
        <translation>访问、参观、检查接待</translation>
    </message>
    <message>
        <source>Choose a visit on the left, or register a new notice.</source>
        <translation>请在左侧选择一次接待，或登记新的来访通知。</translation>
    </message>
</context>
<context>
    <name>ReceptionTemplatesBox</name>
    <message>
        <source>Reception checklists</source>
        <translation>接待清单模板</translation>
    </message>
    <message>
        <source>seats separated by 、</source>
        <translation>坐席之间用“、”分隔</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加事项</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Check and save template</source>
        <translation>检查并保存模板</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Counter seats:</source>
        <translation>坐席：</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>阶段：</translation>
    </message>
    <message>
        <source>Items of this stage (double-click to rename):</source>
        <translation>本阶段事项（双击可改名）：</translation>
    </message>
    <message>
        <source>New template…</source>
        <translation>新建模板…</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新事项</translation>
    </message>
    <message>
        <source>Saved: %1, version %2.</source>
        <translation>已保存：%1，第 %2 版。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <source>Print and sign</source>
        <translation>打印与签名</translation>
    </message>
    <message>
        <source>Print (showing the anonymous identity)</source>
        <translation>打印（显示匿名身份）</translation>
    </message>
    <message>
        <source>P&amp;rint</source>
        <translation>打印(&amp;R)</translation>
    </message>
    <message>
        <source>Customer signature…</source>
        <translation>客户签名确认…</translation>
    </message>
    <message>
        <source>The customer confirms the record: on the signature pad, or on the printed paper</source>
        <translation>客户确认记录：在签名板上签名，或在打印的纸质记录上签名</translation>
    </message>
    <message>
        <source>Supervisor signature…</source>
        <translation>主管签字…</translation>
    </message>
    <message>
        <source>Record: version %1</source>
        <translation>记录：第%1版</translation>
    </message>
    <message>
        <source>· signed and sealed</source>
        <translation>· 已签字封存</translation>
    </message>
    <message>
        <source>· not sealed</source>
        <translation>· 未封存</translation>
    </message>
    <message>
        <source>· addendum to the sealed version %1</source>
        <translation>· 为已封存第%1版的补充版本</translation>
    </message>
    <message>
        <source>Record: changed since version %1; printing or signing makes version %2</source>
        <translation>记录：第%1版之后已有改动；打印或签名时生成第%2版</translation>
    </message>
    <message>
        <source> (an addendum to the sealed version %1)</source>
        <translation>（已封存第%1版的补充版本）</translation>
    </message>
    <message>
        <source>Record: not printed or signed yet (that makes version 1)</source>
        <translation>记录：尚未打印或签名（打印或签名时生成第1版）</translation>
    </message>
    <message>
        <source>This version is already signed and sealed</source>
        <translation>本版本已签字封存</translation>
    </message>
    <message>
        <source>Sign as supervisor: the version is sealed; later changes become an addendum</source>
        <translation>主管签字：本版本将封存，之后的修改作为补充版本</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Department head</source>
        <translation>部门负责人</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>第%1版</translation>
    </message>
    <message>
        <source>signed paper original received</source>
        <translation>纸质签名原件已收回</translation>
    </message>
    <message>
        <source>Customer signature - %1</source>
        <translation>客户签名确认 - %1</translation>
    </message>
    <message>
        <source>The customer confirms that the record read back is correct.</source>
        <translation>客户确认复述的记录内容无误。</translation>
    </message>
    <message>
        <source>Supervisor signature - %1</source>
        <translation>主管签字 - %1</translation>
    </message>
    <message>
        <source>Signing seals this version; later changes become an addendum (a new version).</source>
        <translation>签字后本版本将封存，之后的修改作为补充版本（新版本）。</translation>
    </message>
    <message>
        <source>Customer signature stored (version %1).</source>
        <translation>客户签名已保存（第%1版）。</translation>
    </message>
    <message>
        <source>Signed: version %1 is sealed.</source>
        <translation>已签字：第%1版已封存。</translation>
    </message>
</context>
<context>
    <name>RunView</name>
    <message>
        <source>S&amp;tart reception</source>
        <translation>开始接待(&amp;T)</translation>
    </message>
    <message>
        <source>Clos&amp;e reception</source>
        <translation>结束接待(&amp;E)</translation>
    </message>
    <message>
        <source>Cancel reception</source>
        <translation>取消接待</translation>
    </message>
    <message>
        <source>&amp;Cancel reception</source>
        <translation>取消接待(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;rrect notice</source>
        <translation>修改通知(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Print reception record</source>
        <translation>打印接待记录(&amp;P)</translation>
    </message>
    <message>
        <source>Register co&amp;mplaint (to the back room)</source>
        <translation>登记投诉（引导至后台）(&amp;M)</translation>
    </message>
    <message>
        <source>Guest &amp;book: sign on the pad</source>
        <translation>留言本：在签名板上签名(&amp;B)</translation>
    </message>
    <message>
        <source>Signed in the paper guest book</source>
        <translation>已在纸质留言本签名</translation>
    </message>
    <message>
        <source>Signed in the paper guest boo&amp;k</source>
        <translation>已在纸质留言本签名(&amp;K)</translation>
    </message>
    <message>
        <source>Complaints led to the back room</source>
        <translation>引导至后台的投诉</translation>
    </message>
    <message>
        <source>Guest book</source>
        <translation>留言本</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>接待清单</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>岗位安排</translation>
    </message>
    <message>
        <source>%1 · leading: %2 · %3 visitors · expected %4</source>
        <translation>%1 · 带队：%2 · %3 人 · 预计 %4 到达</translation>
    </message>
    <message>
        <source>Checklist: %1, version %2 · started %3 · ended %4</source>
        <translation>模板：%1（第 %2 版）· 开始 %3 · 结束 %4</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>%1 of %2 items done</source>
        <translation>%2 项中已完成 %1 项</translation>
    </message>
    <message>
        <source>handled</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>NOT handled yet</source>
        <translation>尚未处理</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>in the paper book</source>
        <translation>（纸质留言本）</translation>
    </message>
    <message>
        <source>on the pad</source>
        <translation>（签名板）</translation>
    </message>
    <message>
        <source>Signed by %1 %2 at %3</source>
        <translation>%1 已签名%2，%3</translation>
    </message>
    <message>
        <source>Not signed yet: at departure the greeter asks the visiting leader to sign.</source>
        <translation>尚未签名：来宾离开时，迎宾员请来访领导在留言本上签字留言。</translation>
    </message>
    <message>
        <source>The posts are not complete:
%1

Start the reception anyway?</source>
        <translation>岗位安排不完整：
%1

仍要开始接待吗？</translation>
    </message>
    <message>
        <source>Close this reception? The actual end time is recorded now.</source>
        <translation>结束本次接待吗？将以此刻记录实际结束时间。</translation>
    </message>
    <message>
        <source>Why is it cancelled?</source>
        <translation>取消原因：</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Note on this item:</source>
        <translation>该事项的备注：</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Why does this item not apply this time?</source>
        <translation>本次为何不适用？</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Why is this undone?</source>
        <translation>撤销原因：</translation>
    </message>
    <message>
        <source>Ticket %1 registered and linked to this reception. Lead the customer to the back room.</source>
        <translation>工单%1已登记并关联本次接待。请引导客户到后台。</translation>
    </message>
    <message>
        <source>Guest book signature</source>
        <translation>留言本签名</translation>
    </message>
    <message>
        <source>Who signed the paper guest book?</source>
        <translation>谁在纸质留言本上签了名？</translation>
    </message>
    <message>
        <source>Reception record %1</source>
        <translation>接待记录 %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>This PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>A new language takes effect at the next start.</source>
        <translation>更改语言后，下次启动程序时生效。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>This PC&apos;s counter:</source>
        <translation>本机柜台：</translation>
    </message>
    <message>
        <source>Saved. The program will be in %1 from the next start.</source>
        <translation>已保存。下次启动时程序将使用%1。</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>letters and digits, e.g. zhangsan</source>
        <translation>字母和数字，如 zhangsan</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4到8位数字</translation>
    </message>
    <message>
        <source>6 to 8 digits</source>
        <translation>6到8位数字</translation>
    </message>
    <message>
        <source>&amp;Add staff member</source>
        <translation>添加员工(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>L&amp;ogin:</source>
        <translation>登录名(&amp;O)：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>Added %1 (%2).</source>
        <translation>已添加：%1（%2）。</translation>
    </message>
</context>
<context>
    <name>ShiftSettingsBox</name>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Each shift runs from its start up to its end (the end belongs to the next shift). An end before the start runs past midnight. Shifts may leave gaps but must not overlap. The status bar and the handover use them.</source>
        <translation>每个班次从开始时间起、到结束时间止（结束时刻属于下一班次）；结束早于开始表示跨过午夜。班次之间可以有间隔，但不能重叠。状态栏和交接班按此确定班次。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Start (HH:MM)</source>
        <translation>开始（HH:MM）</translation>
    </message>
    <message>
        <source>End (HH:MM)</source>
        <translation>结束（HH:MM）</translation>
    </message>
    <message>
        <source>Add s&amp;hift</source>
        <translation>添加班次(&amp;H)</translation>
    </message>
    <message>
        <source>Remo&amp;ve shift</source>
        <translation>删除班次(&amp;V)</translation>
    </message>
    <message>
        <source>R&amp;evert</source>
        <translation>还原(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Check and save shifts</source>
        <translation>检查并保存班次(&amp;C)</translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>&amp;Signer:</source>
        <translation>签名人(&amp;S)：</translation>
    </message>
    <message>
        <source>Signed on the paper original</source>
        <translation>已在纸质原件上签名</translation>
    </message>
    <message>
        <source>The record was printed with blank signature lines, signed in ink, and the signed paper came back</source>
        <translation>记录已打印（留空签名栏），已用笔签名，签好的纸质原件已收回</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter the signer&apos;s name.</source>
        <translation>请填写签名人姓名。</translation>
    </message>
    <message>
        <source>Sign on the pad, or tick the box if the signed paper original came back.</source>
        <translation>请在签名板上签名；如纸质签名原件已收回，请勾选下面的选项。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign with the mouse, a pen or a finger</source>
        <translation>可用鼠标、手写笔或手指签名</translation>
    </message>
    <message>
        <source>Signature pad</source>
        <translation>签名板</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>请在此处签名</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>查询(&amp;W)</translation>
    </message>
    <message>
        <source>Export ledger…</source>
        <translation>导出台账…</translation>
    </message>
    <message>
        <source>Export tables…</source>
        <translation>导出统计表…</translation>
    </message>
    <message>
        <source>Report PDF…</source>
        <translation>统计报告PDF…</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理总数</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>当前未结</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前超时</translation>
    </message>
    <message>
        <source>Repeat rate</source>
        <translation>重复投诉率</translation>
    </message>
    <message>
        <source>Satisfied at callback</source>
        <translation>回访满意率</translation>
    </message>
    <message>
        <source>Mean hours to reply</source>
        <translation>平均答复时长（小时）</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Tickets exported: %1. File: %2</source>
        <translation>已导出 %1 张工单。文件：%2</translation>
    </message>
    <message>
        <source>The statistics tables were exported to %1.</source>
        <translation>统计表已导出到 %1。</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The report was saved to %1.</source>
        <translation>统计报告已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TicketDetailDialog</name>
    <message>
        <source>Attach a file</source>
        <extracomment>Actions with their own controls rather than a button of the action row.</extracomment>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Scans and photos (*.pdf *.jpg *.png);;All files (*)</source>
        <translation>扫描件和照片 (*.pdf *.jpg *.png);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Show identity</source>
        <translation>查看身份</translation>
    </message>
    <message>
        <source>Why do you need the customer&apos;s identity? (recorded)</source>
        <translation>请说明查看客户身份的理由（将被记录）：</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Done at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>处理时限</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Nothing for you to do on this ticket now.</source>
        <translation>该工单当前没有您可执行的操作。</translation>
    </message>
    <message>
        <source>&amp;Reload the ticket</source>
        <translation>重新载入工单(&amp;R)</translation>
    </message>
    <message>
        <source>Notes, attachments, time-limit events</source>
        <translation>备注、附件与时限节点</translation>
    </message>
    <message>
        <source>Internal note (also the text of a feedback or progress report)</source>
        <translation>内部备注（也用作反馈或进度报告的说明）</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>添加备注(&amp;N)</translation>
    </message>
    <message>
        <source>First &amp;feedback given</source>
        <translation>已初步反馈(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Progress reported</source>
        <translation>已报告进度(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Attach a file…</source>
        <translation>添加附件(&amp;A)…</translation>
    </message>
    <message>
        <source>Show &amp;identity…</source>
        <translation>查看身份(&amp;I)…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>工单 %1</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>优先级：%1</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>第%1轮</translation>
    </message>
    <message>
        <source>▲ Escalated</source>
        <translation>▲ 已升级</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source>Emotional state</source>
        <translation>情绪状态</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据说明</translation>
    </message>
    <message>
        <source>Missing materials</source>
        <translation>欠缺材料</translation>
    </message>
    <message>
        <source>Confirmed by the customer</source>
        <translation>客户已确认</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>First receiver</source>
        <translation>首问负责人</translation>
    </message>
    <message>
        <source>Repeat of</source>
        <translation>重复投诉</translation>
    </message>
    <message>
        <source>Agreed time</source>
        <translation>约定时间</translation>
    </message>
    <message>
        <source>Escalated at</source>
        <translation>升级时间</translation>
    </message>
    <message>
        <source>Settled on the spot</source>
        <translation>当场解决</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>投诉成立</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批示人</translation>
    </message>
    <message>
        <source>Replied at</source>
        <translation>答复时间</translation>
    </message>
    <message>
        <source>Archived at</source>
        <translation>归档时间</translation>
    </message>
    <message>
        <source>(agreed with the customer)</source>
        <translation>（与客户约定）</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>升级上报</translation>
    </message>
    <message>
        <source>First feedback to the customer</source>
        <translation>初步反馈客户</translation>
    </message>
    <message>
        <source>Progress report</source>
        <translation>报告处理进度</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>已添加备注。</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>已记录：%1</translation>
    </message>
    <message>
        <source>%1 (%2 bytes), SHA-256 %3</source>
        <translation>%1（%2 字节），SHA-256 %3</translation>
    </message>
    <message>
        <source>Attachment added.</source>
        <translation>已添加附件。</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>Information</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
</context>
<context>
    <name>excepthook</name>
    <message>
        <source>An unexpected error occurred: {error}</source>
        <translation>程序出现意外错误：{error}</translation>
    </message>
    <message>
        <source>The program keeps running. The details were written to the log file; please tell your administrator.</source>
        <translation>程序仍在运行。详细信息已写入日志文件，请告知管理员。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Intake</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <source>Ticket queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>接待</translation>
    </message>
    <message>
        <source>Daily routine</source>
        <translation>一日管理</translation>
    </message>
    <message>
        <source>Duty log &amp; handover</source>
        <translation>值班与交接</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>print_preview</name>
    <message>
        <source>Save as PDF</source>
        <translation>另存为PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot save the PDF to %1: %2</source>
        <translation>无法保存PDF到 %1：%2</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>The document cannot be printed: %1</source>
        <translation>该文件无法打印：%1</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>打印失败：%1</translation>
    </message>
</context>
<context>
    <name>printing_ui</name>
    <message>
        <source>A5 receipt</source>
        <extracomment>A paper no wider than this (mm) is a receipt roll: the receipt prints in its 80 mm layout.</extracomment>
        <translation>A5回执</translation>
    </message>
    <message>
        <source>80 mm receipt strip</source>
        <translation>80毫米小票</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <source>Printing failed: %1</source>
        <translation>打印失败：%1</translation>
    </message>
    <message>
        <source>Verify a printed record</source>
        <translation>核验打印件</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
</context>
</TS>
