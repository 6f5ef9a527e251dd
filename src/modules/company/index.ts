export { fiscalYearContaining, isCountryCode, isFiscalYearStart, TAX_SCHEMES } from './company.domain.ts';
export {
  type Address,
  type CompanyLogoInfo,
  type CompanyProfile,
  type CompanyProfileUpdate,
  type CompanyProfileView,
  companyLogoOf,
  companyProfileOf,
  getCompanyLogo,
  getCompanyProfile,
  removeCompanyLogo,
  requireBaseCurrency,
  setCompanyLogo,
  updateCompanyProfile,
} from './company.service.ts';
export { companyLogo, companyProfile, type TaxId } from './company.table.ts';
export { LOGO_MAX_BYTES, LOGO_TYPES } from './logo.domain.ts';
