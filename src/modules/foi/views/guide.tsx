/** The /ysqgk guide: how to apply, which org to address, the desks' addresses, how personal data is kept. */
import type { Org } from '../../org/model.ts';

/** The guide page's content; `desks` are the orgs that published their FOI desk. */
export function FoiGuide({ desks }: { desks: Org[] }) {
  return (
    <>
      <h1>依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。
      </p>
      <ul class="cards link-cards">
        <li class="card">
          <a href="/ysqgk/apply">在线提交申请</a>
        </li>
        <li class="card">
          <a href="/ysqgk/track">办理进度查询</a>
        </li>
        <li class="card">
          <a href="/ysqgk/form.docx" download>
            下载申请表（Word）
          </a>
        </li>
      </ul>
      <p>
        也可以到受理机构当面提交，或邮寄、传真申请。行政机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起
        20 个工作日内答复。
      </p>
      <h2>如何选择受理机关</h2>
      <p>
        请向制作或者保存该政府信息的行政机关提出申请：例如某项目的审批文件向审批它的部门申请，某街道（乡镇）的事项向该街道办事处（乡镇人民政府）申请。
        不确定时可以向本级人民政府提出，或先通过“政策咨询”询问；不属于受理机关公开的，会告知您应向哪个机关申请。
      </p>
      <h2>受理机构</h2>
      {desks.length ? (
        <ul class="foi-desks">
          {desks.map((o) => (
            <li>
              <h3>{o.name}</h3>
              <dl class="foi-receipt">
                {o.foiDesk.address && (
                  <>
                    <dt>受理地址</dt>
                    <dd>{o.foiDesk.address}</dd>
                  </>
                )}
                {o.foiDesk.postcode && (
                  <>
                    <dt>邮政编码</dt>
                    <dd>{o.foiDesk.postcode}</dd>
                  </>
                )}
                {o.foiDesk.phone && (
                  <>
                    <dt>咨询电话</dt>
                    <dd>{o.foiDesk.phone}</dd>
                  </>
                )}
                {o.foiDesk.fax && (
                  <>
                    <dt>传真</dt>
                    <dd>{o.foiDesk.fax}</dd>
                  </>
                )}
                {o.foiDesk.hours && (
                  <>
                    <dt>办公时间</dt>
                    <dd>{o.foiDesk.hours}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      ) : (
        <p>各机关的受理地址和联系方式尚未公布，请在线提交申请。</p>
      )}
      <h2>个人信息保护</h2>
      <p>
        申请时填写的身份证件号码、联系电话和通信地址只用于核实申请人身份、送达答复和统计同一申请人的申请（信息处理费按件计收），
        加密保存，只有办理该申请的工作人员可以查看，不在办理进度查询和任何公开页面中显示，不用于其他目的。
      </p>
    </>
  );
}
