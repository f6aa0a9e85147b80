export const zhCN = {
  app: { title: '家电自助选购' },
  language: { switchTo: 'English', switchToLabel: 'Switch to English' },
  attract: {
    headline: '好家电，就在这里选',
    subline: '冰箱、空调、洗衣机……在这里慢慢挑、仔细比，规格价格一目了然。',
    start: '点击开始',
    categories: '热门品类',
  },
  nav: { home: '首页', back: '返回', main: '主导航' },
  home: { title: '请选择品类', products_one: '{{count}} 款商品', products_other: '{{count}} 款商品', from: '{{price}} 起' },
  list: {
    count: '共 {{count}} 款',
    sort: '排序',
    sortBy: { popularity: '人气', price_asc: '价格从低到高', price_desc: '价格从高到低', newest: '最新上市' },
    more: '加载更多',
    loading: '正在加载…',
    empty: '该品类暂无商品',
  },
  product: {
    model: '型号 {{model}}',
    price: '到手价',
    listPrice: '原价 {{price}}',
    save: '立省 {{price}}',
    energy: '{{grade}}级能效',
    energyNone: '无能效标识',
    inStock: '门店现货 {{count}} 台',
    outOfStock: '门店暂无现货，可订货',
    highlights: '卖点',
    specs: '规格参数',
    released: '上市时间',
    sku: '商品编码',
  },
  idle: {
    title: '还在吗？',
    body: '{{seconds}} 秒后将回到首页，并清除本次浏览记录。',
    stay: '我还在',
  },
  links: { blocked: '自助机上无法打开外部网站。' },
  errors: {
    BAD_REQUEST: '请求有误，请重试。',
    NOT_FOUND: '没有找到该内容，可能已下架。',
    UNKNOWN_CHANNEL: '自助机版本不匹配，请联系店员。',
    UNAVAILABLE: '自助机服务暂时无法连接，请稍候重试。',
    INTERNAL: '自助机出了点问题，请重试或联系店员。',
    retry: '重试',
  },
};

/** Every language must provide exactly these keys. */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Translation = Shape<typeof zhCN>;
