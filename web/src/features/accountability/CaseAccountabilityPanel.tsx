import { useQuery } from '@tanstack/react-query';
import { Space } from 'antd';
import { api, type CaseDetail } from '../../api.ts';
import { CaseLiabilityCard } from './CaseLiabilityCard.tsx';
import { CaseReviewCard } from './CaseReviewCard.tsx';

/**
 * The accountability side of a case page (issue 12), loaded lazily by CaseDetailPage: liability and fines for roles
 * with `account`, the handling reviews for roles with `analyse` (recording one needs `account`).
 */
export default function CaseAccountabilityPanel({ c }: { c: CaseDetail }) {
  const rights = useQuery({ queryKey: ['abilities', 'accountability'], queryFn: api.abilities, staleTime: 5 * 60_000 });
  const may = (x: string) => rights.data?.abilities.includes(x) ?? false;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {may('account') && <CaseLiabilityCard c={c} />}
      {may('analyse') && <CaseReviewCard c={c} canWrite={may('account')} />}
    </Space>
  );
}
