import type { Trade } from '../contract/enums.ts';

export type PhraseKind = 'standard' | 'forbidden';
/** Where a standard phrase is used: answering the phone, receiving a visitor, apologising, escalating, thanking. */
export const PHRASE_SCENES = ['greeting', 'listening', 'apology', 'escalation', 'thanks', 'closing'] as const;
export type PhraseScene = (typeof PHRASE_SCENES)[number];

export interface PhrasePreset {
  kind: PhraseKind;
  text: string;
  scene?: PhraseScene;
  /** The seed the phrase is quoted from. */
  source: string;
}

/** The seeds' scraped text has half-width punctuation; staff read and insert the phrases with Chinese punctuation. */
const zh = (s: string) => s.replace(/,/g, '，').replace(/\?/g, '？').replace(/\(/g, '（').replace(/\)/g, '）');
const std = (scene: PhraseScene, text: string, source: string): PhrasePreset => ({ kind: 'standard', scene, text: zh(text), source });
const never = (text: string, source: string): PhrasePreset => ({ kind: 'forbidden', text, source });

/**
 * Phrases every trade shares. Standard phrases are quoted from the seeds' service-language guidance (003 第三篇
 * 处理技巧 2–4, 004 接待/接听电话); forbidden ones from 003 第三篇 5 ("对客人提的不实意见也不要说:'没有的事'、'绝不可能'")
 * and from 001 "不轻易允诺超越权限和职责的事情" and 004 "不可互相推委" (no promises beyond one's authority, no passing the
 * buck), written as the phrases that break those rules.
 */
const COMMON: PhrasePreset[] = [
  std('listening', '我理解,我明白,一定认真处理这件事情。', '003 第三篇 处理技巧 2'),
  std('apology', '非常抱歉地听到此事,我们理解您现在的心情。', '003 第三篇 处理技巧 3'),
  std('thanks', '感谢您给我们提出的批评、指导意见。', '003 第三篇 处理技巧 4'),
  std('thanks', '您及时让我们知道服务中的差错,这太好了,非常感谢您。', '003 第三篇 处理技巧 4'),
  std('listening', '对不起,我没有听清楚,请您再说一遍,好吗?', '004 来访接待 4'),
  std('escalation', '对不起,我马上向领导(或有关部门)汇报,会尽快给您一个答复。', '004 来访接待 6'),
  std('escalation', '请您稍等一下,我们的经理即将过来。', '004 情绪激动客户 4'),
  never('没有的事', '003 第三篇 处理技巧 5'),
  never('绝不可能', '003 第三篇 处理技巧 5'),
  never('这不归我们管', '004 来访接待 6 "不可互相推委"'),
  never('我保证全额赔偿', '001 原则 5 "不轻易允诺超越权限和职责的事情"'),
];

export const PHRASE_PRESETS: Record<Trade, PhrasePreset[]> = {
  property: [
    std('greeting', '您好,XXX为您服务。', '004 接听电话'),
    std('greeting', '先生/小姐您好,我们理解您的感受,请用理性的行为处理事情。', '004 情绪激动客户 2'),
    ...COMMON,
  ],
  general: [std('greeting', '您好,XXX为您服务。', '004 接听电话'), ...COMMON],
  agency_chain: [std('greeting', '您好,XXX为您服务。', '004 接听电话'), ...COMMON],
  restaurant: [
    std('apology', '我们很遗憾让您有不愉快的经验。我了解您的感受,并向您保证,我们会对此事调查。', '003 第三篇 投诉处理流程 3'),
    std('escalation', '我会立即将情况向我的主管汇报,并将最终的调查结果告诉您。', '003 第三篇 投诉处理流程 3'),
    std('apology', '我们非常抱歉。我们将对此事负责,感谢您对我们提出的宝贵意见。', '003 第三篇 处理技巧 3'),
    ...COMMON,
  ],
};

/** One matcher for the server's checks and the workbench's live warning (the web UI imports it from the contract). */
export { matchForbidden } from '../contract/forbidden-phrases.ts';
