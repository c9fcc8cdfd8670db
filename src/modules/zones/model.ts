/** 政务公开专区 (offline service zones): the services a zone offers and its consultation log. */

// The demo district's 2022 工作要点 (三)10: 专区提供信息查阅、依申请公开受理、政策咨询、办事指南.
export const ZONE_SERVICES = {
  reading: '信息查阅',
  foi_intake: '依申请公开受理',
  policy_window: '政策咨询窗口',
  guides: '办事指南',
} as const;
export type ZoneService = keyof typeof ZONE_SERVICES;

export const ZONE_CHANNELS = { window: '窗口', phone: '电话' } as const;
export type ZoneChannel = keyof typeof ZONE_CHANNELS;

export interface ZoneFields {
  name: string;
  orgId: number;
  address: string;
  hours: string;
  phone: string;
  services: ZoneService[];
  active: boolean;
}

export interface ServiceZone extends ZoneFields {
  id: number;
  isSample: boolean;
}

export interface ZoneConsultation {
  id: number;
  zoneId: number;
  date: string;
  topic: string;
  channel: ZoneChannel;
  answered: boolean;
  recordedBy: string;
  recordedAt: string;
}

export function zoneProblems(z: Partial<ZoneFields>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!z.name?.trim()) out.name = '请填写专区名称';
  if (!z.orgId) out.orgId = '请选择所属单位';
  if (!z.address?.trim()) out.address = '请填写地址';
  if (!z.hours?.trim()) out.hours = '请填写开放时间';
  if (!z.phone?.trim()) out.phone = '请填写咨询电话';
  else if (!/^[0-9０-９\-－()（）\s、,，转]{5,40}$/.test(z.phone))
    out.phone = '咨询电话格式不正确，如 0791-83888888';
  if (!z.services?.length) out.services = '请至少选择一项服务';
  else if (z.services.some((s) => !(s in ZONE_SERVICES))) out.services = '服务项目无效';
  return out;
}
