import { z } from 'zod';

export const ZFundYear = z.coerce.number().int().min(2025).max(2035);

export const ZFundRowError = z
  .object({ line: z.number(), column: z.string(), reason: z.string(), zh: z.string(), en: z.string() })
  .meta({ id: 'FundRowError' });

export const ZFundCheck = z
  .object({
    enterpriseCode: z.string(),
    name: z.string(),
    cityCode: z.string(),
    cityName: z.string(),
    sector: z.string(),
    sectorName: z.string(),
    year: z.number(),
    extractedFen: z.number(),
    frontLineFen: z.number(),
    managementFen: z.number(),
    otherFen: z.number(),
    spentFen: z.number(),
    frontLineShareBp: z.number().nullable(),
    finding: z.enum(['BELOW_FRONT_LINE_SHARE', 'NO_SPENDING']).nullable(),
    source: z.string(),
    reportedBy: z.string(),
    reportedAt: z.date(),
    employeesRecorded: z.number(),
    employeesTrained: z.number(),
    employeesCompleted: z.number(),
  })
  .meta({ id: 'FundCheck' });

export const ZFunds = z
  .object({
    year: z.number(),
    parameters: z.array(
      z.object({ code: z.string(), value: z.number(), unit: z.string(), sourceZh: z.string(), sourceRef: z.string() }),
    ),
    funds: z.array(ZFundCheck),
  })
  .meta({ id: 'Funds' });

export const ZFundReportBody = z.object({
  enterpriseCode: z.string().min(1).max(64),
  year: ZFundYear,
  extractedFen: z.number().int().min(0),
  frontLineFen: z.number().int().min(0),
  managementFen: z.number().int().min(0),
  otherFen: z.number().int().min(0),
});

export const ZFundUploadBody = z.object({
  fileName: z.string().max(200),
  /** The file's bytes, base64: CSV (UTF-8 or GB18030) or XLSX, told apart by content. */
  contentBase64: z.string().max(7_000_000),
});

export const ZFundUploadResult = z
  .object({ id: z.string(), rowsTotal: z.number(), rowsAccepted: z.number(), errors: z.array(ZFundRowError) })
  .meta({ id: 'FundUploadResult' });

export const ZFundUpload = z
  .object({
    id: z.string(),
    fileName: z.string(),
    uploadedBy: z.string(),
    rowsTotal: z.number(),
    rowsAccepted: z.number(),
    errors: z.array(ZFundRowError),
    uploadedAt: z.date(),
  })
  .meta({ id: 'FundUpload' });
