/**
 * Names written next to personal information (rules.md §7): a person's name right before or after
 * an ID number, mobile or address, or introduced by a label (申请人、户主…). Pure.
 */
import { finding, star, type Finding } from './findings.ts';

const SURNAMES_2 = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '澹台',
  '端木',
  '南宫',
  '西门',
  '独孤',
  '呼延',
]);
const SURNAMES_1 = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由',
  ),
);
/** Characters that never occur in the people's names this looks for: words around the data. */
const NOT_NAME =
  /[的了和与及或在是为有人收某号码电话手机证卡账户邮箱地址住市区县省局委办厅处科室所站院校会司中心部门单位街道社区村组路巷楼栋幢单元联系姓名身份护照银行开信息本其该此请您我你他她们申报填写经核实查关于以下上述如]/;
const LABEL_BETWEEN =
  /(?:[，,：:\s（(]|的|持有|持|使用)*(?:公民身份号码|身份证件号码|身份证号码|身份证号|身份证|证件号码|证件号|证件编号|证号|手机号码|手机号|联系电话|联系方式|电话号码|电话|手机|银行卡号|银行账号|卡号|账号|护照号码|护照号|护照|电子邮箱|邮箱|家庭住址|现住址|住址|家住|现住|住|房屋坐落|坐落|送达地址|通讯地址|户籍地|地址)?(?:为|是)?[：:\s（(]*$/;

/** What may stand right before a name inside one run of Chinese: a role word ending in one of these. */
const ROLE_END = /(?:人|名|民|主|众|者|生|志|士|查|员|属|象|长|工|户|是|为|系)$/;

const DESCRIPTORS =
  /(?:[，,、\s]*(?:男|女|汉族|[\u4e00-\u9fa5]{1,3}族|\d{2,3}岁|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:出生|生)))+[，,、\s]*$/;
/** Forms of address are not names (王女士, 李先生). */
const ADDRESS_FORMS = /(?:女士|先生|同志|师傅|老师|阿姨)$/;

/**
 * Words that follow a name without being part of it (李娜同学, 赵敏通过, 王芳本人…): a name is never
 * read through them, so masking hides the name and keeps the word.
 */
const AFTER_NAME =
  /(?:同学|同志|老师|医生|师傅|先生|女士|本人|家属|夫妇|一家|等人|等|通过|经过|已经|使用|提供|提交|填报|申请|办理|领取|签收|反映|来电|来信|联系|称|表示|开户|名下)$/;

/** Strips the words that follow a name from the end of a run of Chinese (repeatedly: 李娜同学已). */
function stripAfterName(run: string): string {
  for (let m = AFTER_NAME.exec(run); m && m.index >= 2; m = AFTER_NAME.exec(run)) run = run.slice(0, m.index);
  return run;
}

function nameCandidate(run: string): string | null {
  // The run is the Chinese characters just before the label; try the common lengths, 3 then 2 then 4.
  for (const n of [3, 2, 4]) {
    if (run.length < n) continue;
    const c = run.slice(run.length - n);
    if (NOT_NAME.test(c) || ADDRESS_FORMS.test(c)) continue;
    // Inside a longer run the name must follow a role word (申请人张三, 户名李四), not be the tail of
    // an ordinary word (社保卡金融账号).
    if (run.length > n && !ROLE_END.test(run.slice(0, run.length - n))) continue;
    if (n >= 3 && SURNAMES_2.has(c.slice(0, 2))) return c;
    // Four characters are a name only after a two-character surname (欧阳娜娜), not 李娜同学.
    if (n === 4) continue;
    if (SURNAMES_1.has(c[0])) {
      // A longer run whose preceding char is also Chinese must not be mid-word ("申请人张三" is
      // fine because 人 is not part of the name; "张三" in "张三丰收" is not a name next to data).
      return c;
    }
  }
  return null;
}

/** Adds the names found next to the findings `pi` (or after a person label) to `out`. */
export function scanNames(folded: string, text: string, pi: Finding[], out: Finding[]): void {
  const used = new Set<number>();
  for (const f of pi) {
    if (f.kind === 'name_with_pi') continue;
    // Before: "张三，身份证号码：…"
    const win = folded.slice(Math.max(0, f.start - 24), f.start);
    const label = LABEL_BETWEEN.exec(win);
    // Descriptors between the name and the data (张三，女，汉族，1985年5月出生，身份证号…) are skipped.
    const head = stripAfterName((label ? win.slice(0, label.index) : win).replace(DESCRIPTORS, ''));
    const run = /[\u4e00-\u9fa5]{2,12}$/.exec(head)?.[0];
    if (run) {
      const name = nameCandidate(run);
      if (name) {
        const s = Math.max(0, f.start - 24) + head.length - name.length;
        if (!used.has(s)) {
          used.add(s);
          out.push(finding('name_with_pi', text, s, s + name.length, name[0] + star(name.length - 1)));
          continue;
        }
      }
    }
    // After, in brackets: "139****5678（王五）"
    const tail = /^[（(]([\u4e00-\u9fa5]{2,4})[）)]/.exec(folded.slice(f.end, f.end + 7));
    if (tail && nameCandidate(tail[1]) === tail[1]) {
      const s = f.end + 1;
      if (!used.has(s)) {
        used.add(s);
        out.push(finding('name_with_pi', text, s, s + tail[1].length, tail[1][0] + star(tail[1].length - 1)));
        continue;
      }
    }
    // Anywhere in the same sentence, introduced by a label for a person (户名：王五，开户行…，账号…;
    // 申请人：王五 证件号…; 持证人王五): the label says it is a person's name.
    for (const { start, name } of labelledNames(folded, f.start, f.end)) {
      if (used.has(start)) continue;
      used.add(start);
      out.push(finding('name_with_pi', text, start, start + name.length, name[0] + star(name.length - 1)));
    }
  }
}

/** Labels that introduce a person's name: the holder of an account, a licence or an application. */
const PERSON_LABEL =
  /(?:户名|开户名|开户人|账户名|收款人|持卡人|持证人|申请人|当事人|被征收人|委托人|代理人|投诉人|举报人|来信人|联系人|姓名)[：:\s]*(?=[\u4e00-\u9fa5])/g;
const SENTENCE_END = /[。；;！!？?\n]/;

/** Names introduced by a person label in the sentence holding [from, to). */
function labelledNames(folded: string, from: number, to: number): { start: number; name: string }[] {
  let s = from;
  while (s > 0 && from - s < 80 && !SENTENCE_END.test(folded[s - 1])) s--;
  let e = to;
  while (e < folded.length && e - to < 80 && !SENTENCE_END.test(folded[e])) e++;
  const sentence = folded.slice(s, e);
  const names: { start: number; name: string }[] = [];
  PERSON_LABEL.lastIndex = 0;
  for (let m = PERSON_LABEL.exec(sentence); m; m = PERSON_LABEL.exec(sentence)) {
    const at = m.index + m[0].length;
    const run = /^[\u4e00-\u9fa5]{2,8}/.exec(sentence.slice(at))?.[0] ?? '';
    const name = nameAtStart(run);
    if (name) names.push({ start: s + at, name });
  }
  return names;
}

/** A name at the start of a run of Chinese: what is left must be nothing or a word that follows names. */
function nameAtStart(run: string): string | null {
  for (const n of [3, 2, 4]) {
    if (run.length < n) continue;
    const c = run.slice(0, n);
    const rest = run.slice(n);
    if (rest && !AFTER_LABELLED_NAME.test(rest)) continue;
    if (nameCandidate(c) === c) return c;
  }
  return null;
}

/** What may follow a labelled name inside one run of Chinese: a word that follows names, or the next label. */
const AFTER_LABELLED_NAME =
  /^(?:同学|同志|老师|本人|家属|等|通过|已|于|向|申请|办理|领取|联系|开户|身份|公民|证件|证号|手机|电话|联系|银行|账号|卡号|护照|邮箱|家住|住址|现住|住|男|女)/;
