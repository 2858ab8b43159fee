"""Small valid record files for tests that build their own repositories."""
from __future__ import annotations

import textwrap


def org_yaml(code: str, name: str = "晋城测试光电科技有限公司", location: str = "主区") -> str:
    return textwrap.dedent(f"""\
        # yaml-language-server: $schema=../../schema/org.schema.json
        credit_code: {code}
        name: {name}
        type: 民营企业
        location: {location}
        industry: 光机电
        chain: 视觉系统
        declarations:
          no_major_accident_3y: true
          not_abnormal_operation: true
          not_serious_dishonesty: true
        contact:
          office: 市场部
          phone: 0356-2221234
        """)
