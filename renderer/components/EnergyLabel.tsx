import { useTranslation } from 'react-i18next';

const COLOURS = ['#1f9d55', '#7cc242', '#f2d100', '#f39c12', '#e74c3c'];

/** China Energy Label style bar chart (中国能效标识): grades 1 (best) to 5, with this product's marked. */
export function EnergyLabel({ grade }: { grade: number }) {
  const { t } = useTranslation();
  return (
    <svg className="energy-label" viewBox="0 0 400 400" role="img" aria-label={t('product.energy', { grade })}>
      <rect x="40" y="20" width="320" height="360" rx="12" fill="#ffffff" stroke="#0b5fa5" strokeWidth="4" />
      {/* Two lines, as on the real label: on one line the title is wider than the label. */}
      <rect x="40" y="20" width="320" height="72" rx="12" fill="#0b5fa5" />
      <text x="200" y="54" textAnchor="middle" fontSize="26" fontWeight="700" fill="#ffffff">
        中国能效标识
      </text>
      <text x="200" y="80" textAnchor="middle" fontSize="15" fontWeight="700" letterSpacing="2" fill="#ffffff">
        CHINA ENERGY LABEL
      </text>
      {COLOURS.map((colour, i) => (
        <g key={colour}>
          <rect x="64" y={110 + i * 52} width={120 + i * 34} height="40" fill={colour} />
          <text x="78" y={138 + i * 52} fontSize="24" fontWeight="700" fill="#ffffff">
            {i + 1}
          </text>
          {grade === i + 1 && (
            <>
              <polygon points={`350,${110 + i * 52} 350,${150 + i * 52} 300,${130 + i * 52}`} fill="#14232b" />
              <text x="288" y={139 + i * 52} textAnchor="end" fontSize="22" fontWeight="700" fill="#14232b">
                {grade}
              </text>
            </>
          )}
        </g>
      ))}
    </svg>
  );
}
