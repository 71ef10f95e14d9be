import type { CategoryPreset } from '../../contract/enums.ts';

/** A category tree: [code, 中文, English, children?]. Seeds: 000, 003 第三篇, 004 (DOMAIN.md §1 category). */
type Node = [string, string, string, Node[]?];

const common: Node[] = [
  ['attitude', '服务态度', 'Service attitude'],
  ['quality', '服务质量', 'Service quality'],
  ['fees', '价格收费', 'Prices and fees'],
  ['misunderstanding', '误会', 'Misunderstanding'],
  ['negligence', '失职/损失', 'Negligence or loss'],
  ['other', '其他', 'Other'],
];

export const CATEGORY_PRESETS: Record<CategoryPreset, Node[]> = {
  property_management: [
    ['facilities', '设施设备', 'Facilities and equipment', [
      ['elevator', '电梯', 'Elevators'], ['water_power', '水电', 'Water and power'], ['parking', '停车场', 'Parking'],
      ['public_repair', '公共维修', 'Common-area repairs'],
    ]],
    ['environment', '环境卫生', 'Environment and cleaning', [
      ['cleaning', '保洁', 'Cleaning'], ['greenery', '绿化', 'Greenery'], ['noise', '噪音扰民', 'Noise'], ['pests', '虫害', 'Pests'],
    ]],
    ['safety', '安全', 'Safety and security', [['security_guard', '秩序维护', 'Security guards'], ['fire', '消防', 'Fire safety']]],
    ['renovation', '装修管理', 'Renovation management'],
    ['home_repair', '户内报修', 'In-home repairs'],
    ...common,
  ],
  real_estate_agency: [
    ['agent_conduct', '经纪人行为', 'Agent conduct', [['false_listing', '虚假房源', 'False listings'], ['no_show', '爽约', 'Missed appointments']]],
    ['contract', '合同纠纷', 'Contract disputes'],
    ['commission', '佣金收费', 'Commission and fees'],
    ['loan_transfer', '贷款过户', 'Loans and title transfer'],
    ['deposit', '定金/意向金', 'Deposits'],
    ['media_exposure', '媒体曝光', 'Media exposure'],
    ...common,
  ],
  restaurant_hotel: [
    ['food_quality', '出品质量', 'Food quality', [['foreign_object', '异物', 'Foreign objects'], ['food_safety', '食品安全', 'Food safety']]],
    ['room', '客房', 'Rooms'],
    ['waiting', '等候时间', 'Waiting time'],
    ['billing', '结账', 'Billing'],
    ['environment', '环境卫生', 'Environment and cleaning'],
    ['safety', '安全', 'Safety'],
    ...common,
  ],
  retail: [
    ['product_quality', '商品质量', 'Product quality', [['expired', '过期商品', 'Expired goods'], ['counterfeit', '假冒伪劣', 'Counterfeits']]],
    ['returns', '退换货', 'Returns and exchanges'],
    ['pricing', '价签不符', 'Price-tag mismatch'],
    ['delivery', '配送安装', 'Delivery and installation'],
    ['membership', '会员积分', 'Membership and points'],
    ['environment', '购物环境', 'Store environment'],
    ...common,
  ],
};

export function flattenPreset(preset: CategoryPreset) {
  const out: { code: string; name_zh: string; name_en: string; parent_code: string | null; sort: number }[] = [];
  const walk = (nodes: Node[], parent: string | null) =>
    nodes.forEach(([code, zh, en, kids], i) => {
      out.push({ code, name_zh: zh, name_en: en, parent_code: parent, sort: i });
      if (kids) walk(kids, code);
    });
  walk(CATEGORY_PRESETS[preset], null);
  return out;
}
