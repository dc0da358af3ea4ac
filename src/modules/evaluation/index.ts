export { signToken, verifyToken, signingKeyFromSeed, type TokenPayload } from './signing.ts';
export { certificatePdf, CJK_FONT } from './certificate-pdf.ts';
export { seedCredentialMappings, nominateCraftsman, selectedCraftsmenCount } from './profile.ts';
export { writeCertificateRows } from './evaluation.writes.ts';
export { markCertificateRevoked } from './revocation.ts';
export { CERTIFICATE_KIND_NAMES, ASSESSMENT_STATUS_NAMES, NOMINATION_STATUS_NAMES } from './evaluation.labels.ts';
export { listAssessments, countAssessments } from './evaluation.service.ts';
