import { Alert, Grid, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { companyQuery } from '../../api/company.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { LogoCard } from './company-logo-card.tsx';
import { ProfileForm } from './company-profile-form.tsx';
import { OrganizationCard } from './organization-card.tsx';

/** Settings → Company: the company profile, the organization's name and the logo. */
export function CompanyPage() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const company = useQuery(companyQuery);
  const canEdit = permissions.has('company:update');

  return (
    <Stack>
      <PageHeader
        title="Company"
        description="Who your business is: the name, address, tax numbers and logo that go on every invoice and document, and the currency and fiscal year your books use."
      />
      {!canEdit && (
        <Alert icon={<IconInfoCircle size={18} />} color="gray" role="status">
          You can view the company profile. Owners and admins can change it.
        </Alert>
      )}
      <QueryState query={company}>
        {company.data && (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
              <ProfileForm profile={company.data} canEdit={canEdit} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
              <Stack>
                <OrganizationCard canRename={permissions.has('org:update')} />
                <LogoCard
                  logo={company.data.logo}
                  name={company.data.tradingName || company.data.legalName}
                  canEdit={canEdit}
                />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </Stack>
  );
}
