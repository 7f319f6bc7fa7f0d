<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CounterDialog</name>
    <message>
        <source>This PC's counter</source>
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
        <source>&amp;Policy:</source>
        <translation>时限方案(&amp;P)：</translation>
    </message>
    <message>
        <source>Check and &amp;save policy</source>
        <translation>校验并保存方案(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>The built-in holiday calendar covers dates up to {0}. Enter later holidays and make-up working days below as the State Council publishes them; until then, deadlines counted in working days beyond that date cannot be computed and say so.</source>
        <translation>内置节假日日历覆盖至 {0}。国务院公布之后年度的放假和调休安排后，请在下表补充；在此之前，超出该日期的按工作日计算的时限无法计算，系统会明确提示。</translation>
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
        <source>&amp;Add day</source>
        <translation>添加日期(&amp;A)</translation>
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
        <source>4 to 8 digits</source>
        <translation>4到8位数字</translation>
    </message>
    <message>
        <source>&amp;Hall name:</source>
        <translation>大厅名称(&amp;H)：</translation>
    </message>
    <message>
        <source>This PC's &amp;counter code:</source>
        <translation>本机柜台编号(&amp;C)：</translation>
    </message>
    <message>
        <source>Administrator's &amp;name:</source>
        <translation>管理员姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>Administrator's &amp;login:</source>
        <translation>管理员登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>Administrator's &amp;PIN:</source>
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
        <translation>%1　%2号柜台</translation>
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
    <message>
        <source>Morning shift</source>
        <translation>上午班</translation>
    </message>
    <message>
        <source>Afternoon shift</source>
        <translation>下午班</translation>
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
        <source>This PC's counter:</source>
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
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
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
    <message>
        <source>Intake arrives in the next release.</source>
        <translation>受理登记功能将在下一版本提供。</translation>
    </message>
    <message>
        <source>The ticket queue arrives in a later release.</source>
        <translation>工单队列功能将在后续版本提供。</translation>
    </message>
    <message>
        <source>Visitor reception arrives in a later release.</source>
        <translation>来访接待功能将在后续版本提供。</translation>
    </message>
    <message>
        <source>The duty log and handover arrive in a later release.</source>
        <translation>值班记录与交接班功能将在后续版本提供。</translation>
    </message>
    <message>
        <source>Statistics arrive in a later release.</source>
        <translation>统计分析功能将在后续版本提供。</translation>
    </message>
</context>
</TS>